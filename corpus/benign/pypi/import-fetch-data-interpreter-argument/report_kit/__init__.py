from report_kit.refresh import refresh
