// DeadboltReport
