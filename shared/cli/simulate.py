"""``antre simulate PROFILE``: one MPP day, simulated many times, to plan the staffing
(docs/simulate.md). ``--recommend`` searches for the fewest counter-hours that keep the
target waits; ``--learn FILE`` writes a profile fitted from the store's history."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from shared import simulate
from shared.calendar import long_date
from shared.cli import common
from shared.errors import BadInput
from shared.simulate import chart, learn, recommend, runs
from shared.simulate.model import day_of


def _min(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= runs.NEVER_S:
        return "tutup"  # never called before the day ended
    return f"{seconds / 60:.0f}"


def _spread(w: runs.Waits) -> str:
    if w.p90_low_s is None or w.p90_high_s is None or w.p90_low_s == w.p90_high_s:
        return ""
    return f"{_min(w.p90_low_s)}–{_min(w.p90_high_s)}"


def _n(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def print_summary(profile: simulate.Profile, s: runs.Summary, title: str) -> None:
    print(title)
    print(
        f"{'Layanan':<22} {'Terbit':>6} {'Layani':>6} {'T.hadir':>7} {'Pergi':>5} {'Kuota':>5} "
        f"{'Cutoff':>6} {'Tutup':>5} {'Sisa':>4} {'p50':>4} {'p90':>4} {'(rentang)':>9} {'Target':>6}  Status"
    )
    for r in s.services:
        if not r.issued and not (r.refused_quota + r.refused_cutoff + r.refused_closed):
            continue
        w = r.waits
        status = "ok" if r.meets_target else "MELEBIHI"
        print(
            f"{r.code[:22]:<22} {_n(r.issued):>6} {_n(r.served):>6} {_n(r.no_show):>7} {_n(r.walked):>5} "
            f"{_n(r.refused_quota):>5} {_n(r.refused_cutoff):>6} {_n(r.refused_closed):>5} "
            f"{_n(r.uncalled):>4} {_min(w.p50_s):>4} {_min(w.p90_s):>4} {_spread(w):>9} "
            + f"{r.target_min:>6}  {status}"
        )
    print(
        "(rata-rata per hari; tunggu dalam menit, dari ambil nomor sampai dipanggil pertama;"
        " rentang = p90 terendah–tertinggi antar-run; Pergi = menyerah menunggu; Kuota, Cutoff,"
        " Tutup = ditolak kios; Sisa = belum dipanggil saat hari selesai)"
    )
    if not any(r.issued for r in s.services):
        print(
            "Catatan: tidak ada nomor yang terbit; menurut kalender situs layanan tutup pada hari"
            " itu atau pada jam kedatangan profil."
        )
    hours = sorted({h.hour for h in s.hours})
    if hours:
        print(
            f"\np90 tunggu per jam ambil nomor (menit) / antrean terpanjang (orang)\n{'Layanan':<22}"
            + "".join(f"{h:>9}" for h in hours)
        )
        by = {(h.service, h.hour): h for h in s.hours}
        for r in s.services:
            cells = []
            for h in hours:
                row = by.get((r.code, h))
                cells.append(f"{_min(row.waits.p90_s)}/{row.queue_max:.0f}" if row else "-")
            if any(c != "-" for c in cells):
                print(f"{r.code[:22]:<22}" + "".join(f"{c:>9}" for c in cells))
    print(f"\n{'Instansi':<12} {'Jam-loket':>9} {'Utilisasi':>9}  Loket")
    agencies: dict[str, list[runs.CounterRow]] = {}
    for c in s.counters:
        agencies.setdefault(c.agency, []).append(c)
    for agency, rows in agencies.items():
        staffed = sum(c.staffed_h for c in rows)
        busy = sum((c.utilisation or 0) * c.staffed_h for c in rows)
        util = f"{busy / staffed * 100:.0f}%" if staffed else "-"
        each = " ".join(
            f"{c.code}:{c.utilisation * 100:.0f}%" if c.utilisation is not None else f"{c.code}:-"
            for c in rows
        )
        print(f"{agency[:12]:<12} {staffed:>9.1f} {util:>9}  {each}")
    total = sum(c.staffed_h for c in s.counters)
    print(f"{'Jumlah':<12} {total:>9.1f}")


def write_csv(s: runs.Summary, path: Path) -> None:
    head = [
        "baris",
        "layanan",
        "instansi",
        "jam",
        "terbit",
        "dilayani",
        "tidak_hadir",
        "pergi",
        "ditolak_kuota",
        "ditolak_cutoff",
        "ditolak_tutup",
        "belum_dipanggil",
        "dipanggil",
        "tunggu_p50_menit",
        "tunggu_p90_menit",
        "p90_terendah_menit",
        "p90_tertinggi_menit",
        "antrean_rata",
        "antrean_maks",
        "target_menit",
        "memenuhi_target",
        "loket",
        "jam_loket",
        "utilisasi",
    ]

    def minutes(x: float | None) -> Any:
        return "" if x is None else ("tutup" if x >= runs.NEVER_S else round(x / 60, 1))

    def waits(v: Any) -> dict[str, Any]:
        return {"dipanggil": v.called, "tunggu_p50_menit": minutes(v.p50_s),
                "tunggu_p90_menit": minutes(v.p90_s), "p90_terendah_menit": minutes(v.p90_low_s),
                "p90_tertinggi_menit": minutes(v.p90_high_s)}

    agency = {r.code: r.agency for r in s.services}
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=head, restval="")  # a row leaves what it does not have empty
        w.writeheader()
        for r in s.services:
            w.writerow({
                "baris": "layanan", "layanan": r.code, "instansi": r.agency, "terbit": r.issued,
                "dilayani": r.served, "tidak_hadir": r.no_show, "pergi": r.walked,
                "ditolak_kuota": r.refused_quota, "ditolak_cutoff": r.refused_cutoff,
                "ditolak_tutup": r.refused_closed, "belum_dipanggil": r.uncalled, **waits(r.waits),
                "target_menit": r.target_min, "memenuhi_target": int(r.meets_target),
            })
        for h in s.hours:
            w.writerow({
                "baris": "jam", "layanan": h.service, "instansi": agency.get(h.service, ""), "jam": h.hour,
                **waits(h.waits), "antrean_rata": round(h.queue_mean, 2),
                "antrean_maks": round(h.queue_max, 2),
            })
        for c in s.counters:
            w.writerow({
                "baris": "loket", "instansi": c.agency, "loket": c.code, "jam_loket": round(c.staffed_h, 2),
                "utilisasi": "" if c.utilisation is None else round(c.utilisation, 3),
            })


def _seeds(args: argparse.Namespace) -> list[int]:
    if args.runs < 1 or args.runs > 10_000:
        raise BadInput("--runs harus antara 1 dan 10000.")
    return list(range(args.seed, args.seed + args.runs))


def _profile(args: argparse.Namespace) -> simulate.Profile:
    if not args.profile:
        raise BadInput("Sebutkan berkas profil, mis. antre simulate resources/simulate/demo-batu.toml.")
    profile = simulate.load_profile(args.profile, site_file=args.site)
    if args.date:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            raise BadInput(f"Tanggal '{args.date}' tidak valid; tulis TTTT-BB-HH.") from None
        profile = dataclasses.replace(profile, day=day)
    if args.staffing:
        plan = simulate.load_staffing(args.staffing, profile.site)
        profile = dataclasses.replace(profile, plan=plan)
    return profile


def _title(profile: simulate.Profile, s: runs.Summary, what: str, seed: int) -> str:
    return (
        f"{profile.site.settings.name} — {what}, {long_date(day_of(profile))} ({s.runs} kali, benih {seed})"
    )


def _outputs(args: argparse.Namespace, profile: simulate.Profile, s: runs.Summary, title: str) -> None:
    if args.csv:
        write_csv(s, Path(args.csv))
    if args.chart:
        chart.write_png(profile, s, Path(args.chart), title)
    print_summary(profile, s, title)


def cmd_simulate(args: argparse.Namespace) -> int:
    if args.learn:
        return _learn(args)
    profile = _profile(args)
    seeds = _seeds(args)
    if args.recommend:
        return _recommend(args, profile, seeds)
    results = runs.run_many(profile, seeds, workers=args.workers)
    s = runs.summarise(profile, results)
    if args.json:
        common.out(args, "", runs.to_json(s))
        return 0
    _outputs(args, profile, s, _title(profile, s, "simulasi", args.seed))
    return 0


def _recommend(args: argparse.Namespace, profile: simulate.Profile, seeds: list[int]) -> int:
    plans = recommend.recommend(profile, seeds=seeds, workers=args.workers)
    shifts = recommend.plan_shifts(plans)
    results = runs.run_many(profile, seeds, plan=shifts, workers=args.workers)
    s = runs.summarise(profile, results)
    before = runs.summarise(profile, [simulate.simulate_day(profile, seeds[0])]).agency_hours()
    if args.json:
        common.out(
            args,
            "",
            {
                "plan": [
                    {
                        "agency": p.agency,
                        "hours": list(p.hours),
                        "open": list(p.open),
                        "counter_hours": p.counter_hours,
                        "met": p.met,
                    }
                    for p in plans
                ],
                "summary": runs.to_json(s),
            },
        )
        return 0
    hours = plans[0].hours if plans else ()
    print(
        "Rencana loket yang disarankan: jumlah loket buka per jam, agar p90 tunggu tiap layanan dalam target"
    )
    print(
        f"{'Instansi':<12}" + "".join(f"{h:>4}" for h in hours) + f"{'Jam-loket':>11}{'Rencana profil':>16}"
    )
    for p in plans:
        note = "" if p.met else "  (target tidak tercapai walau semua loket buka)"
        print(
            f"{p.agency[:12]:<12}"
            + "".join(f"{n:>4}" for n in p.open)
            + f"{p.counter_hours:>11}{before.get(p.agency, 0.0):>16.1f}{note}"
        )
    total = sum(p.counter_hours for p in plans)
    print(f"{'Jumlah':<12}" + " " * 4 * len(hours) + f"{total:>11}{sum(before.values()):>16.1f}\n")
    _outputs(args, profile, s, _title(profile, s, "dengan rencana yang disarankan", args.seed))
    if args.write_plan:
        Path(args.write_plan).write_text(recommend.plan_toml(plans), encoding="utf-8")
        print(f"\nRencana ditulis ke {args.write_plan} (tabel [[staffing]] untuk profil).")
    return 0


def _learn(args: argparse.Namespace) -> int:
    out = Path(args.learn)
    store = common.open_store(args)
    try:
        with store.reading() as s:
            text, days, site_text = learn.fit(
                s, until=args.until, days=args.days, now=common.now(args), site_file=args.site, out=out
            )
    finally:
        store.dispose()
    out.write_text(text, encoding="utf-8")
    written = [str(out)]
    if site_text is not None:
        site_path = out.with_name(out.stem + "-situs.toml")
        site_path.write_text(site_text, encoding="utf-8")
        written.append(str(site_path))
    common.out(
        args,
        f"Profil dari {days} hari riwayat ditulis ke {' dan '.join(written)}.",
        {"days": days, "files": written},
    )
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
    sp = add(sub, "simulate", cmd_simulate, "simulate an MPP day to plan the counters (docs/simulate.md)")
    sp.add_argument("profile", nargs="?", help="profile file (TOML)")
    sp.add_argument("--site", help="site file (default: the profile's site = ...)")
    sp.add_argument("--date", help="the day to simulate, YYYY-MM-DD (default: the profile's date)")
    sp.add_argument(
        "--staffing", metavar="F", help="take the [[staffing]] plan from this file instead of the profile"
    )
    sp.add_argument("--runs", type=int, default=10, help="days to simulate, one per seed (default 10)")
    sp.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    sp.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    sp.add_argument("--csv", metavar="F", help="also write the results as CSV")
    sp.add_argument("--chart", metavar="F", help="also draw the results as a PNG chart")
    sp.add_argument(
        "--recommend",
        action="store_true",
        help="search the fewest counter-hours per agency that keep the target waits",
    )
    sp.add_argument(
        "--write-plan", metavar="F", help="with --recommend: write the plan as [[staffing]] tables"
    )
    sp.add_argument("--learn", metavar="F", help="fit a profile from the store's history and write it to F")
    sp.add_argument("--until", help="with --learn: the last day of history (default: yesterday)")
    sp.add_argument("--days", type=int, default=28, help="with --learn: days of history (default 28)")
