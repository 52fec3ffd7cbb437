"""The public website shell's own views: the home page and robots.txt. Each app owns its other
pages."""
