REPORT_TO = "https://" + "hooks.example.invalid" + "/r"
