"""The kiosk app: a visitor chooses an agency and a service and takes a queue number."""
