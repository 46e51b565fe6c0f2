"""The board's look: its style sheet and the sizes of its parts at the two full-size
designs (1920x1080 landscape, 1080x1920 portrait; px at scale 1, :mod:`shared.ui.scaling`)."""

from __future__ import annotations

from display.board import HISTORY

HISTORY_PER_COLUMN = (HISTORY + 1) // 2
"""Earlier calls are listed in two columns, in either orientation."""
WAITING_COLUMNS = {False: 3, True: 2}
WAITING_ROWS = {False: 2, True: 3}
"""Agencies per page of waiting counts: columns x rows (a row less in portrait beside the
media pane). More pages take turns."""
WAITING_PAGE_MS = 8000
READABLE_PX = 40
"""Smallest letters (font pixel size at the 1080-line design) of what visitors must read
from 10 m: on a 55-inch 1080p screen a pixel is 0.63 mm, so 40 px are 25 mm."""
GRID_NUMBER_PX = 96
GRID_NAME_PX = READABLE_PX

STYLE = """
#board {{ background: #0B1F3A; }}
#header {{ background: #06142A; }}
#siteName {{ color: #FFFFFF; font-size: {h3}px; font-weight: bold; }}
#scope {{ color: #FFD23F; font-size: {h3}px; font-weight: bold; }}
#clock {{ color: #FFFFFF; font-size: {h3}px; }}
#offline {{ color: #FFB347; font-size: {small}px; }}
#callPanel {{ background: #12305A; border-radius: {radius}px; }}
#callPanel[flash="true"] {{ background: #FFD23F; }}
#caption {{ color: #C9D6E8; font-size: {caption}px; font-weight: bold; }}
#callPanel[flash="true"] #caption {{ color: #0B1F3A; }}
#code {{ color: #FFD23F; }}
#callPanel[flash="true"] #code {{ color: #0B1F3A; }}
#counter {{ color: #FFFFFF; }}
#callPanel[flash="true"] #counter {{ color: #0B1F3A; }}
#agency {{ color: #E4ECF7; }}
#service {{ color: #C9D6E8; }}
#callPanel[flash="true"] #agency, #callPanel[flash="true"] #service {{ color: #0B1F3A; }}
#empty {{ color: #C9D6E8; font-size: {h2}px; }}
#historyPanel, #waitingPanel {{ background: #0F284B; border-radius: {radius}px; }}
#historyTitle, #waitingTitle {{ color: #C9D6E8; font-size: {body}px; font-weight: bold; }}
#historyRow {{ border-top: {line}px solid #1D3F6E; }}
#historyRow[voice="speaking"] {{ background: #2B5C9E; border-radius: {line}px; }}
#historyCode {{ color: #FFD23F; }}
#historyCounter {{ color: #FFFFFF; }}
#voiceMark {{ color: #FFD23F; }}
#agencyChip {{ border-top: {line}px solid #1D3F6E; }}
#agencyName {{ color: #E4ECF7; }}
#agencyCount {{ color: #FFD23F; font-size: {count}px; font-weight: bold; }}
#voiceNotice {{ background: #FFB347; color: #0B1F3A; font-size: {small}px; font-weight: bold; }}
#staffMark {{ color: #6F88AA; font-size: {small}px; }}
#marqueeBar {{ background: #FFD23F; }}
#marquee {{ color: #0B1F3A; background: #FFD23F; }}
#media {{ background: #000000; border-radius: {radius}px; }}
#gridPanel {{ background: #0B1F3A; }}
#counterTile {{ background: #12305A; border-radius: {radius}px; }}
#counterTile[voice="speaking"] {{ background: #2B5C9E; }}
#counterTile[voice="pending"] {{ border: {line}px solid #FFD23F; }}
#tileName {{ color: #E4ECF7; }}
#tileNumber {{ color: #FFD23F; }}
#counterTile[paused="true"] #tileNumber {{ color: #6F88AA; }}
"""

DESIGN = {"h2": 56, "h3": 40, "body": 34, "small": 28, "radius": 24, "line": 2}

# Largest text sizes per design (px at scale 1). Landscape shares its height with the
# waiting counts; portrait has the full width for the number.
CODE_PX = {False: 240, True: 290}
COUNTER_PX = {False: 84, True: 110}
CAPTION_PX = {False: 32, True: 40}
CODE_MIN_PX = {False: 200, True: 260}
PORTRAIT_MEDIA_H = 300
NOTICE_ALLOWANCE = 120
"""Height (design px) the media pane gives up in portrait while a notice is shown."""
"""The number's line never gets less than this (the media pane gives way first)."""
HISTORY_CODE_PX = {False: 56, True: 56}
HISTORY_COUNTER_PX = {False: 40, True: 40}
HISTORY_MEDIA_SCALE = 0.7
"""With media, the earlier calls give the pane some height."""
WAITING_COUNT_PX = 48
