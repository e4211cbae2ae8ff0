"""The Qt face of the register: main window, list views, forms, dialogs, workers.

Everything here reads and writes through ``ropa_desktop.services``; no SQL, no sessions.
"""
