"""The counter's look: one style sheet for its window, its pages and its small windows, at
sizes scaled from the full-HD design (:func:`shared.ui.scaling.fit`)."""

from __future__ import annotations

from shared.ui.scaling import Fit

# Sizes at the 1920x1080 design; a 1366x768 clerk screen gets 71 % of them.
DESIGN = {"code": 190, "h1": 44, "h2": 40, "h3": 32, "body": 27, "small": 22, "radius": 12,
          "border": 3, "line": 1, "pad": 11, "touch": 84, "mini_code": 56}

STYLE = """
#counterWindow, #miniWindow, #transferPicker, #pickerGrid {{ background: #F2F5FA; }}
QScrollArea {{ background: transparent; }}
#banner {{ background: #B3261E; color: #FFFFFF; font-size: {body}px; font-weight: bold;
           padding: {pad}px; }}
#clockBanner {{ background: #FFE08A; color: #3D2E00; font-size: {small}px; font-weight: bold;
                padding: {pad}px; }}
#header {{ background: #0B3D91; }}
#counterName {{ color: #FFFFFF; font-size: {h2}px; font-weight: bold; }}
#counterInfo {{ color: #DCE6F5; font-size: {small}px; }}
#stateBadge {{ color: #FFFFFF; background: #1B6E20; border-radius: {radius}px; font-size: {small}px;
    font-weight: bold; padding: {pad}px; }}
#stateBadge[state="paused"] {{ background: #9A6700; }}
#stateBadge[state="closed"] {{ background: #8A1C1C; }}
QPushButton#headerButton {{ background: #0B3D91; color: #FFFFFF; border: {line}px solid #DCE6F5;
    border-radius: {radius}px; font-size: {small}px; padding: {pad}px; min-height: {h2}px; }}
QPushButton#headerButton:disabled {{ color: #7A8FB5; border-color: #3A5C9A; }}
#ticketPanel {{ background: #FFFFFF; border: {line}px solid #C9D0DA; border-radius: {radius}px; }}
#panelCaption {{ color: #25344A; font-size: {small}px; font-weight: bold; }}
#ticketCode {{ color: #0B3D91; font-size: {code}px; font-weight: bold; }}
#ticketStatus {{ color: #0B1F3A; font-size: {h3}px; font-weight: bold; }}
#ticketStatus[status="serving"] {{ color: #1B6E20; }}
#ticketDetail {{ color: #25344A; font-size: {body}px; }}
QPushButton#action {{ background: #FFFFFF; color: #0B3D91; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {body}px; font-weight: bold; min-height: {touch}px;
    padding: {pad}px; }}
QPushButton#action[primary="true"] {{ background: #0B3D91; color: #FFFFFF; }}
QPushButton#action:pressed {{ background: #DCE6F5; }}
QPushButton#action:disabled {{ background: #E6E9EE; color: #7A8494; border-color: #C9D0DA; }}
QLineEdit {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px; padding: {pad}px;
    border: {border}px solid #7A8494; border-radius: {radius}px; min-height: {h2}px; }}
QLineEdit:focus {{ border-color: #0B3D91; }}
#waitingTitle, #pageTitle {{ color: #0B1F3A; font-size: {h3}px; font-weight: bold; }}
#pageTitle[big="true"] {{ font-size: {h1}px; }}
#dayCounts, #hint {{ color: #25344A; font-size: {small}px; }}
#loginMessage {{ color: #8A1C1C; font-size: {body}px; font-weight: bold; }}
QTableView, QListWidget {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px;
    gridline-color: #E1E5EB; border: {line}px solid #C9D0DA; border-radius: {radius}px;
    selection-background-color: #DCE6F5; selection-color: #0B1F3A; }}
QListWidget::item {{ padding: {pad}px; }}
QHeaderView::section {{ background: #E8EDF5; color: #25344A; font-size: {small}px;
    font-weight: bold; border: none; padding: {pad}px; }}
#status {{ background: #FFFFFF; color: #0B1F3A; font-size: {body}px; padding: {pad}px;
    border-top: {line}px solid #C9D0DA; }}
#status[kind="refusal"] {{ background: #FFF4D6; color: #5C4200; }}
#status[kind="error"] {{ background: #FDE7E5; color: #8A1C1C; }}
#miniCode {{ color: #0B3D91; font-size: {mini_code}px; font-weight: bold; }}
#miniStatus {{ color: #25344A; font-size: {small}px; }}
#miniMessage {{ color: #5C4200; font-size: {small}px; }}
#miniMessage[kind="error"] {{ color: #8A1C1C; font-weight: bold; }}
QPushButton#mini {{ background: #FFFFFF; color: #0B3D91; border: {line}px solid #0B3D91;
    border-radius: {radius}px; font-size: {small}px; font-weight: bold; padding: {pad}px; }}
QPushButton#mini[primary="true"] {{ background: #0B3D91; color: #FFFFFF; }}
QPushButton#mini:disabled {{ background: #E6E9EE; color: #7A8494; border-color: #C9D0DA; }}
QMenu {{ font-size: {body}px; }}
"""


def style_for(f: Fit) -> str:
    return STYLE.format(**f.sizes(DESIGN))
