// The UI library gets its first real sources with the desktop app issue.
