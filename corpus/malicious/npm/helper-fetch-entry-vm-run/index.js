module.exports = { en: 'English', fr: 'Français' };
