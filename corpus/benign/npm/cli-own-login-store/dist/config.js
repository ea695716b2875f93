export const API_URL = process.env.DECKHAND_API_URL || 'https://api.deckhand.example.invalid';
