// DeadboltRunner
