"""Media for every app: where files are stored, how uploads are checked and turned into
clean public renditions, and the redaction library. Imports no app: officers' portraits
and posts' photos and videos both stand on it."""
