import DeadboltCLI

await DeadboltMain.main()
