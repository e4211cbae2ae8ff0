"""Reading existing registers kept as tables (CNIL template, ICO template, any sheet).

The functions here turn the free text people typed into the register's structure
(retention terms, catalogue keys, country codes, transfer safeguards, dates) and
say when they could not, so the importer keeps the original and marks it to confirm.
"""
