// ring buffer addon
