import DeadboltCLI
DeadboltMain.main()
