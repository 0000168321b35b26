"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 releases a reference to None on every call that returns nothing;
after a few thousand calls the interpreter aborts. A page that paints itself makes that many
calls in seconds, so the pinned binding is checked here, loudly (this would abort the run).
"""

from PySide6.QtWidgets import QLabel


def test_many_calls_that_return_nothing_leave_python_intact(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    for number in range(20_000):
        label.setText(str(number))
    assert label.text() == "19999"
