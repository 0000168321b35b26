"""The main window's menus, toolbar and keyboard shortcuts.

Building them imports nothing but Qt's widgets (the window's frame shows before the data is
open): the actions that need the data stay disabled, and every shortcut unset, until `enable`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

from followup_desktop import APP_NAME
from followup_desktop.ui.qt_values import add_action, set_enum
from followup_desktop.ui.window.pages import PAGES

if TYPE_CHECKING:
    from followup_desktop.ui.main_window import MainWindow


def menu_actions(menu: QMenu) -> list[QAction]:
    """A menu's actions, those of its submenus included, in menu order."""
    found: list[QAction] = []
    for action in menu.actions():
        submenu = action.menu()
        found += menu_actions(submenu) if isinstance(submenu, QMenu) else [action]
    return found


def menu_bar_actions(bar: QMenuBar) -> list[QAction]:
    """Every action of the menu bar's menus, in menu order (the keyboard shortcuts' list)."""
    menus = [a.menu() for a in bar.actions()]
    return [action for menu in menus if isinstance(menu, QMenu)
            for action in menu_actions(menu)]


class StandardKey(str):
    """A QKeySequence.StandardKey by its name ("Quit"), looked up in `enable`: naming the enum
    while the frame is built would make PySide6 create QKeySequence's enums before the first
    paint (ui/qt_values.py)."""


class MenuActions:
    """The window's actions, and which of them wait for the data."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._data_actions: list[QAction] = []
        self._shortcuts: list[tuple[QAction, str]] = []

    def enable(self) -> None:
        """The data is open: every action is usable, with its shortcut."""
        for action in self._data_actions:
            action.setEnabled(True)
        from PySide6.QtGui import QKeySequence

        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(getattr(QKeySequence.StandardKey, shortcut)
                                            if isinstance(shortcut, StandardKey) else shortcut))

    def add(self, menu: object, text: str, shortcut: str,
            slot: Callable[[], object], needs_data: bool = True) -> QAction:
        action = QAction(text, self._window)
        if needs_data:  # usable once `attach` has opened the data
            action.setEnabled(False)
            self._data_actions.append(action)
        if shortcut:  # set in `attach`: key sequences cost Qt's whole key enum (~30 ms)
            self._shortcuts.append((action, shortcut))
        # `triggered` passes `checked`; a slot with a default argument (a loop variable kept
        # as `n=number`) would take it for that argument, so the slot is called with none.
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action


def build_menus(window: MainWindow, actions: MenuActions) -> None:
    """The File, View and Help menus and the toolbar, on `window`."""
    add = actions.add
    file_menu = window.file_menu = window.menuBar().addMenu("&File")
    window.debrief_action = add(file_menu, "&Debrief an interview…", "Ctrl+D",
                                lambda: window.debrief())
    add(file_menu, "New &application…", StandardKey("New"),
        lambda: window.edit("application"))
    add(file_menu, "New &company…", "", lambda: window.edit("company"))
    add(file_menu, "New c&ontact…", "", lambda: window.edit("contact"))
    add(file_menu, "Add &interview…", "Ctrl+I", lambda: window.edit("interview"))
    file_menu.addSeparator()
    add(file_menu, "I&mport…", StandardKey("Open"), window.import_dialog)
    export_menu = file_menu.addMenu("&Export")
    for label, kind in (("Calendar (.ics)…", "ics"), ("Contacts (.vcf)…", "vcf"),
                        ("Applications as CSV…", "csv-applications"),
                        ("Contacts as CSV…", "csv-contacts"),
                        ("Touches as CSV (proof of job search)…", "csv-touches"),
                        ("Everything (JSON)…", "json")):
        add(export_menu, label, "", lambda k=kind: window.export(k))
    add(file_menu, "&Back up now", "", window.back_up_now)
    add(file_menu, "&Restore from a backup…", "", window.restore_dialog)
    file_menu.addSeparator()
    add(file_menu, "Check &mail now", "F9", lambda: window.mail.check_now())
    add(file_menu, "Mail&box…", "", lambda: window.mail.edit_account())
    add(file_menu, "S&ync now", "Shift+F9", lambda: window.sync.sync_now())  # F9 is mail's
    add(file_menu, "Calendar ser&ver…", "", lambda: window.sync.edit_account())
    file_menu.addSeparator()
    window.sample_action = add(file_menu, "Load &sample data", "", window.load_sample_data)
    window.preferences_action = add(
        file_menu, "&Preferences…", "Ctrl+,", window.preferences)  # the standard key is
    # empty on Linux and Windows
    set_enum(window.preferences_action, "menuRole", "PreferencesRole")
    file_menu.addSeparator()
    add(file_menu, "&Quit", StandardKey("Quit"), window.quit_app, needs_data=False)
    view_menu = window.menuBar().addMenu("&View")
    for number, name in enumerate(PAGES):
        add(view_menu, name, f"Ctrl+{number + 1}",
            lambda n=number: window.nav.setCurrentRow(n))
    view_menu.addSeparator()
    add(view_menu, "&Find a person or company", StandardKey("Find"), window.find)
    add(view_menu, "&Refresh", StandardKey("Refresh"), window.refresh_all)
    help_menu = window.menuBar().addMenu("&Help")
    add(help_menu, "&User guide", StandardKey("HelpContents"), window.user_guide,
        needs_data=False)
    add(help_menu, "&Keyboard shortcuts", "Ctrl+/", window.keyboard_shortcuts,
        needs_data=False)
    help_menu.addSeparator()
    add(help_menu, f"&About {APP_NAME}", "", window.about)
    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.addAction(window.debrief_action)
    add_action(toolbar, "New application", lambda: window.edit("application"))
    window.addToolBar(toolbar)
