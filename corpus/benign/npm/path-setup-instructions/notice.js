// Prints how to put the global npm bin folder on PATH; changes nothing itself.
console.log('If `gbp` is not found, add this line to your ~/.bashrc or ~/.zshrc:');
console.log('  export PATH="$(npm prefix -g)/bin:$PATH"');
