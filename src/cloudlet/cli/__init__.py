"""The ``cloudlet`` command line."""
