"""The Rights requests page: the log of Arts. 15–22 requests, their due dates (Art. 12(3))
and the year's summary."""
