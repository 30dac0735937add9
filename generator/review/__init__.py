"""The review of a data change (`python -m generator diff`): what changed between two revisions of the data,
the flags a reviewer should look at, the report, and pictures of the changed charts.

``compare`` judges two revisions (read by ``generator.history``); ``report`` writes Markdown and JSON;
``images`` draws the charts before and after in the system's chromium.
"""
