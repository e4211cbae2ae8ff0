"""The breach register (Art. 33(5)): each breach, its facts and the duties they bring."""
