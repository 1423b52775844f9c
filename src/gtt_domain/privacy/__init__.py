"""Personal data: encryption at rest, per-person keys, erasure by crypto-shredding.

See docs/privacy.md for precisely what is and is not erased.
"""

from gtt_domain.privacy.cipher import ENV_CIPHER_KEY, CipherKeyError, cipher_env, create_key
from gtt_domain.privacy.keys import KeyStoreError, PersonErasedError, PersonKeyStore
from gtt_domain.privacy.mapper import PERSONAL, PersonalDataMapper

__all__ = [
    "ENV_CIPHER_KEY", "CipherKeyError", "cipher_env", "create_key",
    "PersonKeyStore", "PersonErasedError", "KeyStoreError",
    "PERSONAL", "PersonalDataMapper",
]
