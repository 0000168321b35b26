"""Short lists drawn as cards: a bold title with a time on the right, a muted subtitle, a few
more lines and any warnings. The plan and history of an application, a person's timeline and
upcoming actions, the search results and a company's people all use them.

The delegate paints with the style's own item background (selection and hover look native) and
QPainter.drawText, which never interprets markup: data is shown literally.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from followup_desktop.ui.widgets.common import tooltip
from followup_desktop.ui.widgets.detail_parts import avatar_icon, muted_color

Index = QModelIndex | QPersistentModelIndex
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
PADDING = 7
DOT = 10
AVATAR = 34
MAX_LINES = 3  # of a note or warning; the tooltip has the rest


@dataclass(frozen=True)
class Card:
    id: int
    title: str
    meta: str = ""  # right-aligned on the title line: a time, a state
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    color: QColor | None = None  # a kind colour, drawn as a dot before the title
    avatar: str = ""  # a name whose initials are drawn before the text
    company: bool = False  # the avatar is a company's (square) rather than a person's
    dimmed: bool = False  # done, skipped or cancelled: drawn in secondary colours
    kind: str = ""  # what the id refers to, when one list mixes kinds

    @property
    def summary(self) -> str:
        """The card as one line of text, for accessibility and tests."""
        return " — ".join(part for part in (self.title, self.subtitle) if part)

    @property
    def all_lines(self) -> list[str]:
        return [self.title, self.meta, self.subtitle, *self.lines,
                *(f"⚠ {w}" for w in self.warnings)]


class CardModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cards: list[Card] = []

    def set_cards(self, cards: list[Card]) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self.endResetModel()

    def card(self, row: int) -> Card:
        return self._cards[row]

    def cards(self) -> list[Card]:
        return list(self._cards)

    def row_of(self, card_id: int, kind: str = "") -> int:
        for row, card in enumerate(self._cards):
            if card.id == card_id and card.kind == kind:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cards)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.summary
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(card.all_lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(line for line in card.all_lines if line)
        if role == CARD_ROLE:
            return card
        if role == ID_ROLE:
            return card.id
        return None


class CardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons: dict[tuple[str, bool, int], QIcon] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            return super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        bold_metrics = QFontMetrics(_bold(option.font))
        width = self._text_width(card, self._row_width(option))
        height = bold_metrics.height() + 1
        if card.subtitle:
            height += metrics.height() + 1
        for text, warning in self._paragraphs(card):
            height += _wrapped(bold_metrics if warning else metrics, text, width)[1] + 1
        if card.avatar:
            height = max(height, AVATAR)
        return QSize(200, height + 2 * PADDING)

    def _row_width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        if isinstance(view, QListView):  # rows span the list; its width decides the wrapping
            return view.viewport().width()
        return option.rect.width() or 400

    @staticmethod
    def _text_width(card: Card, row_width: int) -> int:
        indent = AVATAR + 10 if card.avatar else DOT + 8 if card.color is not None else 0
        return max(40, row_width - 2 * (PADDING + 2) - indent)

    @staticmethod
    def _paragraphs(card: Card) -> list[tuple[str, bool]]:
        """Notes, then warnings (drawn bold, so they stand out without a colour)."""
        return [*((line, False) for line in card.lines),
                *((f"⚠ {warning}", True) for warning in card.warnings)]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:  # the native background: selection, hover, focus
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        try:
            self._paint_card(painter, opt, card)
        finally:
            painter.restore()

    def _paint_card(self, painter: QPainter, opt: QStyleOptionViewItem, card: Card) -> None:
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active \
            else QPalette.ColorGroup.Inactive
        ink = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                else QPalette.ColorRole.Text)
        secondary = ink if selected else _muted_text(opt.palette)
        if card.dimmed and not selected:
            ink = secondary
        rect = opt.rect.adjusted(PADDING + 2, PADDING, -PADDING - 2, -PADDING)
        bold = _bold(opt.font)
        bold_metrics = QFontMetrics(bold)
        metrics = QFontMetrics(opt.font)
        left = rect.left()
        if card.avatar:
            icon = self._avatar(card, opt.palette)
            icon.paint(painter, QRect(left, rect.top(), AVATAR, AVATAR))
            left += AVATAR + 10
        elif card.color is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(secondary if card.dimmed else card.color)
            top = rect.top() + (bold_metrics.height() - DOT) // 2
            painter.drawEllipse(left, top, DOT, DOT)
            left += DOT + 8
        width = rect.right() - left
        y = rect.top()
        meta_width = metrics.horizontalAdvance(card.meta) + 12 if card.meta else 0
        painter.setFont(bold)
        painter.setPen(ink)
        title = bold_metrics.elidedText(card.title, Qt.TextElideMode.ElideRight,
                                        max(0, width - meta_width))
        painter.drawText(QRect(left, y, width - meta_width, bold_metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(opt.font)
        if card.meta:
            painter.setPen(secondary)
            painter.drawText(QRect(left, y, width, bold_metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             card.meta)
        y += bold_metrics.height() + 1
        if card.subtitle:
            painter.setPen(secondary)
            shown = metrics.elidedText(" ".join(card.subtitle.split()),
                                       Qt.TextElideMode.ElideRight, max(0, width))
            painter.drawText(QRect(left, y, width, metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            y += metrics.height() + 1
        painter.setPen(ink)
        for text, warning in self._paragraphs(card):
            painter.setFont(bold if warning else opt.font)
            shown, height = _wrapped(bold_metrics if warning else metrics, text, width)
            painter.drawText(QRect(left, y, width, height),
                             Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, shown)
            y += height + 1

    def _avatar(self, card: Card, palette: QPalette) -> QIcon:
        key = (card.avatar, card.company, palette.color(QPalette.ColorRole.Highlight).rgb())
        if key not in self._icons:
            self._icons[key] = avatar_icon(card.avatar, AVATAR, palette, card.company)
        return self._icons[key]


def _wrapped(metrics: QFontMetrics, text: str, width: int) -> tuple[str, int]:
    """A paragraph wrapped to `width` and cut with an ellipsis after MAX_LINES lines: the
    text to draw and its height."""
    text = " ".join(text.split())
    limit = MAX_LINES * metrics.lineSpacing()
    if _height(metrics, text, width) > limit:
        low, high = 0, len(text)  # the longest start that fits with its ellipsis
        while low < high:
            middle = (low + high + 1) // 2
            if _height(metrics, text[:middle].rstrip() + "…", width) <= limit:
                low = middle
            else:
                high = middle - 1
        text = text[:low].rstrip() + "…"
    return text, max(_height(metrics, text, width), metrics.height())


def _height(metrics: QFontMetrics, text: str, width: int) -> int:
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    return metrics.boundingRect(QRect(0, 0, width, 100_000), flags, text).height()


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def _muted_text(palette: QPalette) -> QColor:
    # muted_color works on Window roles; item views draw on Base, so mirror it there.
    mirrored = QPalette(palette)
    mirrored.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.Text))
    mirrored.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
    return muted_color(mirrored)


class CardList(QListView):
    """A list of cards. `fitted` lists grow to show every card and leave scrolling to the
    page around them; the others scroll themselves. Activation (Enter, double-click) emits the
    card's id."""

    cardActivated = Signal(int)

    def __init__(self, accessible_name: str, empty_text: str, parent: QWidget | None = None,
                 fitted: bool = True) -> None:
        super().__init__(parent)
        self.cards = CardModel(self)
        self.setModel(self.cards)
        self.setItemDelegate(CardDelegate(self))
        self.setAccessibleName(accessible_name)
        self.empty_text = empty_text
        self.fitted = fitted
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.activated.connect(self._activated)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap the cards on resize
        if fitted:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.setFrameShape(QFrame.Shape.StyledPanel)
            self.cards.modelReset.connect(self.updateGeometry)

    def set_cards(self, cards: list[Card]) -> None:
        self.cards.set_cards(cards)
        if self.fitted:
            self.setFixedHeight(self._content_height())

    def current_card(self) -> Card | None:
        index = self.currentIndex()
        return self.cards.card(index.row()) if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.cardActivated.emit(self.cards.card(index.row()).id)

    def _content_height(self) -> int:
        rows = self.cards.rowCount()
        height = sum(self.sizeHintForRow(row) for row in range(rows)) if rows else \
            QFontMetrics(self.font()).height() + 2 * PADDING
        return height + 2 * self.frameWidth() + 2

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._content_height()) if self.fitted else hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted and event.size().width() != event.oldSize().width():
            self.setFixedHeight(self._content_height())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.fitted:
            event.ignore()  # nothing to scroll here: let the page around it scroll
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter activates on every platform style (some only activate on double-click).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activated(self.currentIndex())
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.cards.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(_muted_text(self.palette()))
            painter.drawText(self.viewport().rect().adjusted(PADDING + 2, 0, -PADDING, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
            painter.end()
