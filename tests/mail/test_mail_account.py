"""The account as settings: checked wherever it comes in, TLS unless the server is this machine,
and the password never among the settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import settings
from followup_desktop.services.errors import UnreadableInputError, UserError
from followup_desktop.services.mail.account import (
    MailAccount,
    load_account,
    make_account,
    remove_account,
    save_account,
)
from followup_desktop.services.mail.connection import Progress, connect
from followup_desktop.services.mail.secret import read_password_file
from followup_desktop.services.mail.security import Security, is_loopback
from helpers.backends import db_file, table_rows


def test_the_port_follows_the_security_unless_given():
    assert make_account("imap.example.org", "jo").port == 993
    assert make_account("imap.example.org", "jo", security="starttls").port == 143
    assert make_account("localhost", "jo", security="plain").port == 143
    assert make_account(" imap.example.org ", " jo ", 1143).describe() == (
        "jo on imap.example.org:1143 (TLS); sent mail: the folder the server marks Sent")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.3.4.5", "::1", "[::1]",
                                  "LOCALHOST."])
def test_a_plain_connection_is_allowed_to_this_machine(host):
    assert is_loopback(host)
    assert make_account(host, "jo", security="plain").security is Security.PLAIN


@pytest.mark.parametrize("host", ["imap.example.org", "192.168.1.10", "localhost.example.org",
                                  "127.0.0.1.nip.io"])
def test_a_plain_connection_over_a_network_is_refused(host):
    with pytest.raises(UserError, match="without TLS is allowed only to this machine"):
        make_account(host, "jo", security="plain")
    with pytest.raises(UserError, match="without TLS is allowed only to this machine"):
        connect(MailAccount(host, 143, "jo", Security.PLAIN), "secret", Progress())


@pytest.mark.parametrize(("arguments", "message"), [
    (("", "jo"), "--host: must not be empty"),
    (("imap.example.org/x", "jo"), "--host: 'imap.example.org/x' is not a server name"),
    (("user@imap.example.org", "jo"), "is not a server name"),
    (("imap.example.org", ""), "--user: must not be empty"),
    (("imap.example.org", "jo\nx"), "--user: contains control characters"),
    (("imap.example.org", "jo", 0), "--port: 0 is not a port; it must be from 1 to 65535"),
    (("imap.example.org", "jo", 70000), "--port: 70000 is not a port"),
    (("imap.example.org", "jo", None, "tls"), "--security: 'tls' is not one of: ssl, "
                                              "starttls, plain"),
])
def test_a_bad_account_is_refused_in_one_sentence(arguments, message):
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_account(*arguments)


def test_an_imported_settings_file_cannot_turn_tls_off_for_a_remote_server():
    with pytest.raises(ValidationError, match=r"settings\.mail_security: a connection without "
                                               r"TLS is allowed only to this machine"):
        settings.validate({"mail_host": "imap.example.org", "mail_security": "plain"})
    with pytest.raises(ValidationError, match=r"settings\.mail_host"):
        settings.validate({"mail_host": "a b"})
    settings.validate({"mail_host": "localhost", "mail_security": "plain", "mail_port": 1143})


def test_the_account_is_saved_loaded_and_removed_as_settings(backend):
    assert load_account() is None
    account = make_account("imap.example.org", "jo@example.org", security="starttls",
                           sent_folder="Gesendet")
    save_account(backend, account)
    assert load_account() == account
    stored = {key: value for key, *value in table_rows(db_file(backend.data_dir))["setting"]}
    assert {key: json.loads(value[0]) for key, value in stored.items()
            if key.startswith("mail_")} == {
        "mail_host": "imap.example.org", "mail_port": 143, "mail_user": "jo@example.org",
        "mail_security": "starttls", "mail_sent_folder": "Gesendet"}
    assert remove_account(backend) == account
    assert load_account() is None and remove_account(backend) is None
    assert not any(key.startswith("mail_") for key, *_ in
                   table_rows(db_file(backend.data_dir))["setting"])


def test_a_password_file_gives_its_first_line(tmp_path: Path):
    path = tmp_path / "password"
    path.write_bytes(b"p\xc3\xa4ss word \r\nsecond line\n")
    assert read_password_file(path) == "päss word "
    for content, problem in ((b"", "holds no password"), (b"\npw\n", "holds no password"),
                             (b"\xff\xfe", "is not UTF-8 text"),
                             (b"x" * 5000, "is longer than a password")):
        path.write_bytes(content)
        with pytest.raises(UnreadableInputError, match=problem):
            read_password_file(path)
    with pytest.raises(UnreadableInputError, match="cannot be read"):
        read_password_file(tmp_path / "missing")
