"""The Breaches page: the breach register (Art. 33(5)) and its 72-hour clock."""
