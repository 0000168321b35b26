"""Free-mail providers: a message from one of their domains says nothing about a company.

A mailbox check matches a sender to a company by the domains of that company's contacts'
addresses (services/mail/matching.py), so that a recruiter the user has not entered yet is still
heard. A contact who writes from gmail.com must never make every gmail.com sender "someone at
the company": these domains are never matched by domain (an exact address still matches).
The one list of them is here.
"""

from __future__ import annotations

# Whole domains.
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "live.com", "msn.com", "passport.com",
    "icloud.com", "me.com", "mac.com", "aol.com", "aim.com", "ymail.com", "rocketmail.com",
    "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tutanota.de",
    "tutamail.com", "tuta.io", "tuta.com", "mailbox.org", "posteo.de", "posteo.net",
    "t-online.de", "web.de", "freenet.de", "arcor.de", "email.de", "online.de", "1und1.de",
    "vodafone.de", "kabelmail.de", "gmx.net", "mail.com", "email.com", "zoho.com",
    "zohomail.com", "fastmail.com", "fastmail.fm", "hey.com", "mail.ru", "bk.ru", "inbox.ru",
    "list.ru", "rambler.ru", "qq.com", "163.com", "126.com", "yeah.net", "sina.com",
    "naver.com", "daum.net", "hanmail.net", "seznam.cz", "wp.pl", "o2.pl", "onet.pl",
    "interia.pl", "orange.fr", "wanadoo.fr", "laposte.net", "free.fr", "sfr.fr", "libero.it",
    "virgilio.it", "tiscali.it", "bluewin.ch", "btinternet.com", "sky.com", "comcast.net",
    "verizon.net", "att.net", "sbcglobal.net", "cox.net", "mailfence.com", "disroot.org",
    "riseup.net", "runbox.com", "hushmail.com", "lycos.com", "inbox.com", "rediffmail.com",
})

# Providers with a domain in many countries: hotmail.de, yahoo.co.uk, gmx.at, yandex.ru, ...
# A domain is theirs when its first label is the brand (one label of the brand, then only a
# country or generic suffix of at most two labels).
FREE_MAIL_BRANDS = frozenset({
    "hotmail", "outlook", "live", "yahoo", "gmx", "yandex", "ya", "aol", "mail", "windowslive",
})


def is_free_mail(domain: str) -> bool:
    """Whether `domain` (any case) belongs to a free-mail provider, subdomains included
    ("eu.mail.yahoo.com" too)."""
    labels = domain.strip().strip(".").casefold().split(".")
    if len(labels) < 2:
        return False
    for start in range(len(labels) - 1):  # the domain itself, then each parent domain
        candidate = labels[start:]
        if ".".join(candidate) in FREE_MAIL_DOMAINS:
            return True
        if len(candidate) in (2, 3) and candidate[0] in FREE_MAIL_BRANDS \
                and _is_suffix(candidate[1:]):
            return True
    return False


def _is_suffix(labels: list[str]) -> bool:
    """A public suffix such as "de", "com" or "co.uk". Not the full public suffix list: for the
    brands above this is exact enough, and it keeps "mail.acme.de" or "live.acme.com" (a
    company's own subdomains) from counting as free mail."""
    if len(labels) == 1:
        return labels[0].isalpha()
    second, top = labels
    return top.isalpha() and len(top) == 2 and second in _SECOND_LEVEL


# The second-level labels under which providers register in country domains.
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ne", "or"})


def domain_of(address: str) -> str:
    """The domain of an address, lower case; "" when it has none."""
    _, at, domain = address.strip().rpartition("@")
    return domain.casefold().strip(".") if at else ""
