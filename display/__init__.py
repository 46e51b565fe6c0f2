"""The wall display app: the latest calls, large enough for the whole hall, and read out aloud."""
