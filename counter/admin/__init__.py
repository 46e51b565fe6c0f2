"""antre-admin: the admin console. Edit the site (agencies, services, counters, users,
priority classes, calendar, marquee, announcement) through the one site validator; every save
is a site revision, with its diff, undo and export to TOML."""
