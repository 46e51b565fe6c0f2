"""The counter app: a clerk calls, serves and passes on tickets; a supervisor sees every counter."""
