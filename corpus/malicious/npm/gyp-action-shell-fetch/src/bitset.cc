// bit set addon
