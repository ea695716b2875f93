TITLE = "shelfnote"
