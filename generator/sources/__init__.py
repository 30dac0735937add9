"""The source pipeline: fetching a page or file, extracting its text and metadata, and archiving it.

``fetch`` reads a local file or an http(s) address with limits; ``extract`` turns HTML or plain text
into clean UTF-8 text and the metadata the page states; ``archive`` writes the text into the archive
and appends the source entry to ``data/sources.yaml``.
"""
