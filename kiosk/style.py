"""The kiosk's style sheet: one template at the full-HD design's sizes (kiosk.pages.DESIGN),
filled in with the sizes scaled to the window (shared.ui.scaling.Fit.sizes)."""

STYLE = """
#kiosk {{ background: #F2F5FA; }}
#header {{ background: #0B3D91; }}
#siteName {{ color: #FFFFFF; font-size: {h3}px; font-weight: bold; }}
#langButton {{ background: #FFFFFF; color: #0B3D91; border: none; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: {pad}px {padx}px; min-height: {touch}px;
    min-width: {lang}px; }}
#prompt {{ color: #0B1F3A; font-size: {h2}px; font-weight: bold; }}
#calendarNotice {{ color: #0B1F3A; background: #FFF4D6; border: {border}px solid #E0A100;
    border-radius: {radius}px; font-size: {h3}px; font-weight: bold; padding: {pad}px {padx}px; }}
#calendarNotice[kind="holiday"], #calendarNotice[kind="closed_day"] {{ color: #FFFFFF;
    background: #8A1C1C; border-color: #8A1C1C; }}
#agencyTitle {{ color: #0B1F3A; font-size: {h3}px; font-weight: bold; }}
#tile {{ background: #0B3D91; border: none; border-radius: {radius}px; }}
#tile:pressed {{ background: #072B66; }}
#tile #cardTitle {{ color: #FFFFFF; font-size: {tile}px; font-weight: bold; }}
#tile #cardSubtitle {{ color: #FFFFFF; font-size: {desc}px; }}
#tile #cardDetail {{ color: #DCE6F5; font-size: {small}px; }}
#tile #cardNote {{ color: #FFD23F; font-size: {small}px; font-weight: bold; }}
#tile[available="false"] {{ background: #5B6B82; }}
#service {{ background: #FFFFFF; border: {border}px solid #0B3D91; border-radius: {radius}px; }}
#service:pressed {{ background: #DCE6F5; }}
#service #cardTitle {{ color: #0B1F3A; font-size: {svc}px; font-weight: bold; }}
#service #cardDetail {{ color: #0B3D91; font-size: {small}px; font-weight: bold; }}
#service #cardNote {{ color: #25344A; font-size: {small}px; }}
#service[state="closed"] {{ background: #E1E5EB; border: {border}px dashed #8A94A3; }}
#service[state="closed"] #cardTitle {{ color: #5A6372; }}
#service[state="closed"] #cardNote {{ color: #8A1C1C; font-weight: bold; }}
#service[state="locked"] {{ background: #F1F3F6; border-color: #D5DAE1; }}
#service[state="locked"] #cardTitle, #service[state="locked"] #cardDetail,
#service[state="locked"] #cardNote {{ color: #A4ADBA; }}
#service[state="chosen"] {{ background: #0B3D91; border-color: #0B3D91; }}
#service[state="chosen"] #cardTitle, #service[state="chosen"] #cardDetail,
#service[state="chosen"] #cardNote {{ color: #FFFFFF; }}
#pagerButton, #backButton, #doneButton, #plainButton, #keyButton, #keyWord, #searchButton {{
    background: #FFFFFF; color: #0B3D91; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {body}px; font-weight: bold;
    padding: {pad}px {padx}px; min-height: {touch}px; }}
#pagerButton:disabled, #backButton:disabled, #plainButton:disabled {{
    color: #A4ADBA; border-color: #C9D0DA; background: #F1F3F6; }}
#doneButton {{ background: #0B3D91; color: #FFFFFF; }}
#searchButton {{ background: #FFF4D6; }}
#keyButton, #keyWord {{ padding: 0px; min-height: {key}px; }}
#keyButton {{ font-size: {h2}px; }}
#searchField {{ background: #FFFFFF; color: #0B1F3A; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {h2}px; font-weight: bold; padding: 0px {padx}px;
    min-height: {touch}px; }}
#searchHint {{ color: #25344A; font-size: {small}px; }}
#searchKey, #searchWord {{ background: #FFFFFF; color: #0B1F3A; border: {border}px solid #8A94A3;
    border-radius: {radius}px; font-size: {h3}px; font-weight: bold; padding: 0px;
    min-height: {touch}px; }}
#searchKey:pressed, #searchWord:pressed {{ background: #DCE6F5; }}
#searchWord {{ font-size: {body}px; color: #0B3D91; }}
#priorityBar {{ background: #FFF4D6; border: {border}px solid #E0A100; border-radius: {radius}px; }}
#priorityBar:pressed {{ background: #FFE7A3; }}
#priorityBar #cardTitle {{ color: #5C3B00; font-size: {body}px; font-weight: bold; }}
#priorityBar[active="true"] {{ background: #E0A100; }}
#priorityBar[active="true"] #cardTitle {{ color: #1F1400; }}
#choice {{ background: #FFFFFF; color: #0B1F3A; border: {border}px solid #0B3D91;
    border-radius: {radius}px; font-size: {svc}px; font-weight: bold; min-height: {choice}px; }}
#choice[chosen="true"] {{ background: #0B3D91; color: #FFFFFF; }}
#pagerLabel {{ color: #25344A; font-size: {small}px; }}
#busy {{ color: #0B3D91; font-size: {body}px; font-weight: bold; }}
#ticketCaption {{ color: #25344A; font-size: {h2}px; }}
#ticketCode {{ color: #0B3D91; font-size: {code}px; font-weight: bold; }}
#ticketPriority {{ color: #5C3B00; background: #FFF4D6; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: {pad}px; }}
#ticketService {{ color: #0B1F3A; font-size: {h2}px; font-weight: bold; }}
#ticketAgency {{ color: #25344A; font-size: {body}px; }}
#ticketWait {{ color: #0B1F3A; font-size: {h3}px; }}
#ticketClosing {{ color: #5C3B00; background: #FFF4D6; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: 0px {pad}px; }}
#ticketStatus {{ color: #0B1F3A; background: #DCE6F5; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: {pad}px {padx}px; }}
#ticketStatus[tone="warn"] {{ color: #FFFFFF; background: #A4161A; font-size: {h3}px; }}
#ticketStatus[tone="ok"] {{ color: #0F3D1E; background: #D8F0DE; }}
#ticketHint {{ color: #25344A; font-size: {small}px; }}
#ticketNote {{ color: #25344A; font-size: {small}px; }}
#qr {{ background: #FFFFFF; border-radius: {radius}px; padding: {pad}px; }}
#noticeTitle {{ color: #0B1F3A; font-size: {h1}px; font-weight: bold; }}
#noticeText {{ color: #25344A; font-size: {h3}px; }}
#pinDots {{ color: #0B1F3A; font-size: {h1}px; font-weight: bold; min-height: {touch}px; }}
#pinError {{ color: #A4161A; font-size: {body}px; font-weight: bold; }}
#clockBanner {{ color: #3D2E00; background: #FFE08A; border-radius: {radius}px;
    font-size: {body}px; font-weight: bold; padding: {pad}px {padx}px; }}
#adminText {{ color: #25344A; font-size: {body}px; }}
"""
