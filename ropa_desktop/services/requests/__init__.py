"""Data subjects' rights requests (Arts. 12 and 15–22) and their deadlines."""
