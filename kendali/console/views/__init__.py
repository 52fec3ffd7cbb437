"""The console shell's own views: signing in and the bell. Each app owns its other pages."""
