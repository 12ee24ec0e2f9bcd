"""Pages of calls for proposals: the public ones (public.py) and the builder for program staff
and admins (calls.py: a call and its settings; form.py: its sections, questions and choices)."""
