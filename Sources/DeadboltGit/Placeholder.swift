// DeadboltGit
