"""The self-service kiosk: choose an agency, choose a service, get a number.

Pages emit intents, :class:`kiosk.controller.KioskController` decides and talks to the
store, and a receipt printer plugs in through :class:`kiosk.ports.ReceiptPrinter`."""
