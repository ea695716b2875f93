//! DSSE envelopes (the Dead Simple Signing Envelope, v1.0): a payload, its type, and ed25519 signatures over
//! the PAE encoding of the two — so a signature can never be moved to a payload of another type, and the
//! verifier checks exactly the bytes that were signed before parsing them.

use crate::keys::{key_id, PublicKey, SecretKey};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, Verifier};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The payload type of an in-toto statement.
pub const IN_TOTO_PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// A DSSE envelope as JSON: payload base64 encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub payload: String,
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    pub signatures: Vec<EnvelopeSignature>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeSignature {
    /// SHA-256 of the raw 32-byte public key, lowercase hex (a hint, never trusted on its own).
    #[serde(default)]
    pub keyid: String,
    pub sig: String,
}

/// Why an envelope did not verify, worded for the person running `verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// Not base64, or not an envelope at all.
    Malformed(String),
    WrongPayloadType(String),
    NoSignatures,
    /// No signature verifies with the given key: the statement or the signature was changed, or another
    /// key signed it.
    BadSignature {
        key_id: String,
    },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Malformed(why) => write!(f, "the envelope is malformed: {why}"),
            VerifyError::WrongPayloadType(found) => write!(
                f,
                "the envelope carries {found:?}, not an in-toto statement ({IN_TOTO_PAYLOAD_TYPE})"
            ),
            VerifyError::NoSignatures => write!(f, "the envelope has no signature"),
            VerifyError::BadSignature { key_id } => write!(
                f,
                "signature check FAILED with key {key_id}: the statement or its signature was changed after \
                 signing, or another key signed it"
            ),
        }
    }
}

impl std::error::Error for VerifyError {}

/// The DSSE v1 pre-authentication encoding: `DSSEv1 SP LEN(type) SP type SP LEN(body) SP body`, lengths as
/// ASCII decimal byte counts.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {} {} ",
        payload_type.len(),
        payload_type,
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// Signs `payload` of `payload_type` with `key`.
pub fn sign(payload_type: &str, payload: &[u8], key: &SecretKey) -> Envelope {
    let signature = key.0.sign(&pae(payload_type, payload));
    Envelope {
        payload: STANDARD.encode(payload),
        payload_type: payload_type.into(),
        signatures: vec![EnvelopeSignature {
            keyid: key_id(&key.public()),
            sig: STANDARD.encode(signature.to_bytes()),
        }],
    }
}

/// Checks that some signature on an in-toto envelope verifies with `key`; the payload bytes when it does.
pub fn verify(envelope: &Envelope, key: &PublicKey) -> Result<Vec<u8>, VerifyError> {
    if envelope.payload_type != IN_TOTO_PAYLOAD_TYPE {
        return Err(VerifyError::WrongPayloadType(envelope.payload_type.clone()));
    }
    if envelope.signatures.is_empty() {
        return Err(VerifyError::NoSignatures);
    }
    let payload = STANDARD
        .decode(&envelope.payload)
        .map_err(|e| VerifyError::Malformed(format!("payload is not base64 ({e})")))?;
    let message = pae(&envelope.payload_type, &payload);
    let verified = envelope.signatures.iter().any(|s| {
        STANDARD
            .decode(&s.sig)
            .ok()
            .and_then(|bytes| Signature::from_slice(&bytes).ok())
            .is_some_and(|sig| key.0.verify(&message, &sig).is_ok())
    });
    if verified {
        Ok(payload)
    } else {
        Err(VerifyError::BadSignature {
            key_id: key_id(key),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_dsse_specification_example() {
        // The DSSE protocol document's worked example.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }

    #[test]
    fn a_signed_payload_verifies_and_any_change_fails() {
        let key = SecretKey::generate().unwrap();
        let envelope = sign(IN_TOTO_PAYLOAD_TYPE, b"{\"a\":1}", &key);
        assert_eq!(verify(&envelope, &key.public()).unwrap(), b"{\"a\":1}");

        let mut payload = envelope.clone();
        payload.payload = STANDARD.encode(b"{\"a\":2}");
        assert!(matches!(
            verify(&payload, &key.public()),
            Err(VerifyError::BadSignature { .. })
        ));

        let mut sig = envelope.clone();
        let mut bytes = STANDARD.decode(&sig.signatures[0].sig).unwrap();
        bytes[0] ^= 1;
        sig.signatures[0].sig = STANDARD.encode(bytes);
        assert!(matches!(
            verify(&sig, &key.public()),
            Err(VerifyError::BadSignature { .. })
        ));

        let other = SecretKey::generate().unwrap();
        assert!(verify(&envelope, &other.public()).is_err());

        let mut retyped = envelope;
        retyped.payload_type = "text/plain".into();
        assert!(matches!(
            verify(&retyped, &key.public()),
            Err(VerifyError::WrongPayloadType(_))
        ));
    }
}
