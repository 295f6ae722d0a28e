"""Project tools that are not part of the site build."""
