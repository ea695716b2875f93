//! Payloads encrypted with a key written in the same file: Fernet tokens, AES (ECB, CBC, CTR, GCM) and
//! XOR with a repeated key. Malicious uploads encrypt `exec(requests.get(URL).text)` with a literal key so
//! no pattern reads it; with the key beside the ciphertext, decrypting is the same as decoding base64.
//!
//! Work is bounded: a cipher is only tried when the segment names it, keys, IVs and ciphertexts come only
//! from the segment's own string literals (capped in number), a candidate is first checked on its first
//! blocks (plaintext must read as text), and the decryption attempts per segment are capped.

use super::codec::{is_readable_text, readable};
use super::literals::{string_literals, Literal};
use super::{Payload, MAX_DECODED_BYTES};
use aes::cipher::{
    block_padding::{NoPadding, Pkcs7},
    consts::U16,
    BlockCipher, BlockDecrypt, BlockDecryptMut, BlockEncrypt, BlockSizeUser, KeyInit, KeyIvInit,
    StreamCipher,
};
use aes::{Aes128, Aes192, Aes256};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Decryption attempts per segment (each costs a few AES blocks before the plaintext check).
const MAX_ATTEMPTS: usize = 4096;
/// Keys, IVs and ciphertexts considered per segment.
const MAX_KEYS: usize = 16;
const MAX_IVS: usize = 16;
const MAX_CIPHERTEXTS: usize = 32;
/// Bytes checked before a whole ciphertext is decrypted.
const PROBE_BYTES: usize = 64;
/// Bytes a Fernet token's MAC is computed over, per segment.
const MAX_MAC_BYTES: usize = 8 * MAX_DECODED_BYTES;

/// Decrypted payloads of `body` (a code segment starting at file offset `base`).
pub(super) fn find(body: &str, base: usize, found: &mut Vec<Payload>) {
    let fernet = body.contains("Fernet");
    let aes = body.contains("AES") || body.contains("aes-") || body.contains("Decipheriv");
    let xor = body.contains('^')
        && (body.contains('%') || body.contains("cycle(") || !one_byte_keys(body).is_empty())
        && (body.contains("len(") || body.contains(".length"));
    if !(fernet || aes || xor) {
        return;
    }
    let literals = string_literals(body);
    let mut budget = Budget {
        attempts: MAX_ATTEMPTS,
        mac_bytes: MAX_MAC_BYTES,
    };
    let mut push = |literal: &Literal, encoding: &'static str, plain: Vec<u8>| {
        if let Some((text, _)) = readable(&plain) {
            found.push(Payload {
                start: base + literal.start,
                end: base + literal.end,
                encoding,
                decoded: text,
            });
        }
    };
    if fernet {
        for (literal, plain) in fernet_payloads(&literals, &mut budget) {
            push(literal, "fernet", plain);
        }
    }
    if aes {
        let modes = Modes::named_in(body);
        for (literal, encoding, plain) in aes_payloads(&literals, modes, &mut budget) {
            push(literal, encoding, plain);
        }
    }
    if xor {
        for (literal, plain) in xor_payloads(body, &literals, &mut budget) {
            push(literal, "xor", plain);
        }
    }
}

struct Budget {
    attempts: usize,
    mac_bytes: usize,
}

impl Budget {
    fn attempt(&mut self) -> bool {
        self.attempts = self.attempts.saturating_sub(1);
        self.attempts > 0
    }
}

// ---- Fernet: AES-128-CBC + HMAC-SHA256 over a base64url token --------------------------------------

/// Fernet tokens (`gAAAAA…`) opened with a 32-byte key literal from the same segment.
fn fernet_payloads<'l>(
    literals: &'l [Literal],
    budget: &mut Budget,
) -> Vec<(&'l Literal, Vec<u8>)> {
    let keys: Vec<[u8; 32]> = literals
        .iter()
        .filter(|l| l.source.len() == 44)
        .filter_map(|l| l.base64().and_then(|k| <[u8; 32]>::try_from(k).ok()))
        .take(MAX_KEYS)
        .collect();
    let mut out = Vec::new();
    for literal in literals
        .iter()
        .filter(|l| l.source.starts_with("gAAAAA"))
        .take(MAX_CIPHERTEXTS)
    {
        let Some(token) = literal.base64() else {
            continue;
        };
        for key in &keys {
            if budget.mac_bytes < token.len() || !budget.attempt() {
                return out;
            }
            budget.mac_bytes -= token.len();
            if let Some(plain) = fernet_decrypt(key, &token) {
                out.push((literal, plain));
                break;
            }
        }
    }
    out
}

/// The plaintext of a Fernet token (version 0x80, timestamp, IV, ciphertext, HMAC), or `None` when the
/// key's MAC does not verify or the padding is wrong.
pub(super) fn fernet_decrypt(key: &[u8; 32], token: &[u8]) -> Option<Vec<u8>> {
    const HEADER: usize = 1 + 8 + 16;
    if token.len() < HEADER + 16 + 32
        || token[0] != 0x80
        || !(token.len() - HEADER - 32).is_multiple_of(16)
    {
        return None;
    }
    let (signed, tag) = token.split_at(token.len() - 32);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key[..16]).ok()?;
    mac.update(signed);
    mac.verify_slice(tag).ok()?;
    cbc_decrypt::<Aes128>(&key[16..], &signed[9..HEADER], &signed[HEADER..])
}

// ---- AES with a literal key -----------------------------------------------------------------------

/// The AES modes a segment names (`AES.MODE_CBC`, `'aes-256-ctr'`, `modes.GCM(…)`).
#[derive(Debug, Clone, Copy)]
struct Modes {
    ecb: bool,
    cbc: bool,
    ctr: bool,
    gcm: bool,
}

impl Modes {
    fn named_in(body: &str) -> Modes {
        let has = |upper: &str, lower: &str| body.contains(upper) || body.contains(lower);
        let modes = Modes {
            ecb: has("ECB", "-ecb"),
            cbc: has("CBC", "-cbc"),
            ctr: has("CTR", "-ctr"),
            gcm: has("GCM", "-gcm"),
        };
        // `AES.new(key, mode)` with the mode in a variable: CBC is the default of most examples.
        if !(modes.ecb || modes.cbc || modes.ctr || modes.gcm) {
            return Modes { cbc: true, ..modes };
        }
        modes
    }
}

/// Ciphertext literals decrypted with key (and IV or nonce) literals of the same segment.
fn aes_payloads<'l>(
    literals: &'l [Literal],
    modes: Modes,
    budget: &mut Budget,
) -> Vec<(&'l Literal, &'static str, Vec<u8>)> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    let mut ivs: Vec<Vec<u8>> = Vec::new();
    for view in literals.iter().flat_map(Literal::views) {
        if matches!(view.len(), 16 | 24 | 32) && keys.len() < MAX_KEYS && !keys.contains(&view) {
            keys.push(view.clone());
        }
        if matches!(view.len(), 8 | 12 | 16) && ivs.len() < MAX_IVS && !ivs.contains(&view) {
            ivs.push(view);
        }
    }
    if keys.is_empty() {
        return Vec::new();
    }
    // Malware often uses the key (or its first half), or zeros, as the IV.
    for head in keys.iter().map(|k| k[..16].to_vec()).chain([vec![0; 16]]) {
        if ivs.len() < MAX_IVS + 2 && !ivs.contains(&head) {
            ivs.push(head);
        }
    }
    let mut out = Vec::new();
    let texts = literals
        .iter()
        .filter(|l| l.source.len() >= 24)
        .filter_map(|l| Some((l, l.data()?)))
        .filter(|(_, bytes)| bytes.len() >= 16 && !keys.contains(bytes))
        .take(MAX_CIPHERTEXTS);
    'texts: for (literal, text) in texts {
        for key in &keys {
            // The IV or nonce may lead the ciphertext instead of sitting in a literal of its own.
            let mut layouts: Vec<(&[u8], &[u8])> =
                ivs.iter().map(|iv| (&iv[..], &text[..])).collect();
            for lead in [16, 12] {
                if text.len() > lead + 16 {
                    layouts.push((&text[..lead], &text[lead..]));
                }
            }
            if modes.ecb {
                if !budget.attempt() {
                    return out;
                }
                if let Some(plain) = by_key_size(key, |k| ecb_decrypt_probe(k, &text)) {
                    out.push((literal, "aes-ecb", plain));
                    continue 'texts;
                }
            }
            // A wrong CBC IV spoils only the first block: of the IVs that decrypt, keep the one whose
            // first block reads best.
            let mut best_cbc: Option<(usize, Vec<u8>)> = None;
            for (iv, body) in layouts {
                if !budget.attempt() {
                    return out;
                }
                if modes.cbc && iv.len() == 16 {
                    if let Some(plain) = by_key_size(key, |k| cbc_decrypt_probe(k, iv, body)) {
                        let score = text_score(&plain[..plain.len().min(16)]);
                        if best_cbc.as_ref().is_none_or(|(best, _)| score > *best) {
                            best_cbc = Some((score, plain));
                        }
                        continue;
                    }
                }
                if modes.ctr && matches!(iv.len(), 8 | 16) {
                    let mut counter = [0u8; 16];
                    counter[..iv.len()].copy_from_slice(iv);
                    if let Some(plain) = by_key_size(key, |k| ctr_decrypt_probe(k, &counter, body))
                    {
                        out.push((literal, "aes-ctr", plain));
                        continue 'texts;
                    }
                }
                if modes.gcm && iv.len() == 12 {
                    if let Some(plain) = gcm_decrypt(key, iv, body) {
                        out.push((literal, "aes-gcm", plain));
                        continue 'texts;
                    }
                }
            }
            if let Some((_, plain)) = best_cbc {
                out.push((literal, "aes-cbc", plain));
                continue 'texts;
            }
        }
    }
    out
}

/// Runs `f` with the AES variant the key's length selects.
fn by_key_size(key: &[u8], f: impl Fn(&AnyKey) -> Option<Vec<u8>>) -> Option<Vec<u8>> {
    let key = match key.len() {
        16 => AnyKey::A128(key),
        24 => AnyKey::A192(key),
        32 => AnyKey::A256(key),
        _ => return None,
    };
    f(&key)
}

enum AnyKey<'k> {
    A128(&'k [u8]),
    A192(&'k [u8]),
    A256(&'k [u8]),
}

/// How much `bytes` look like words and code: letters, digits, spaces and common punctuation.
fn text_score(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|b| b.is_ascii_alphanumeric() || b" ()._'\"=/:,\n".contains(b))
        .count()
}

/// Plaintext that starts like text (or like a zlib stream, which [`readable`] inflates).
fn starts_readable(plain: &[u8]) -> bool {
    if plain.starts_with(&[0x78, 0x9c]) || plain.starts_with(&[0x78, 0xda]) {
        return true;
    }
    let probe = &plain[..plain.len().min(PROBE_BYTES)];
    // A short payload's NUL padding may already fall inside the probe.
    let probe = &probe[..probe.len() - probe.iter().rev().take_while(|b| **b == 0).count()];
    let text = String::from_utf8_lossy(probe);
    probe.len() >= 8 && probe.iter().all(|b| *b >= 0x09) && is_readable_text(&format!("{text} x."))
}

fn ecb_decrypt_probe(key: &AnyKey, text: &[u8]) -> Option<Vec<u8>> {
    fn run<C: BlockCipher + BlockSizeUser<BlockSize = U16> + BlockDecrypt + KeyInit>(
        key: &[u8],
        text: &[u8],
    ) -> Option<Vec<u8>> {
        if !text.len().is_multiple_of(16) {
            return None;
        }
        let cipher = C::new_from_slice(key).ok()?;
        let decrypt = |block: &[u8]| {
            let mut block = aes::Block::clone_from_slice(block);
            cipher.decrypt_block(&mut block);
            block.to_vec()
        };
        let first: Vec<u8> = text.chunks(16).take(4).flat_map(decrypt).collect();
        if !starts_readable(&first) {
            return None;
        }
        let mut plain: Vec<u8> = text.chunks(16).flat_map(decrypt).collect();
        let pad = usize::from(*plain.last()?);
        if (1..=16).contains(&pad)
            && plain[plain.len() - pad..]
                .iter()
                .all(|b| usize::from(*b) == pad)
        {
            plain.truncate(plain.len() - pad);
        }
        Some(plain)
    }
    match key {
        AnyKey::A128(k) => run::<Aes128>(k, text),
        AnyKey::A192(k) => run::<Aes192>(k, text),
        AnyKey::A256(k) => run::<Aes256>(k, text),
    }
}

/// CBC with PKCS#7 padding (the padding must be right: a wrong key fails it 255 times in 256), or padded
/// with NUL bytes or spaces, which hand-rolled droppers strip with `rstrip` after decrypting. The caller
/// has already read the first blocks as text, so a wrong key does not get this far.
fn cbc_decrypt<C>(key: &[u8], iv: &[u8], text: &[u8]) -> Option<Vec<u8>>
where
    C: BlockCipher + BlockSizeUser<BlockSize = U16> + BlockDecryptMut + BlockEncrypt + KeyInit,
    cbc::Decryptor<C>: KeyIvInit + BlockDecryptMut,
{
    if text.is_empty() || !text.len().is_multiple_of(16) || text.len() > MAX_DECODED_BYTES {
        return None;
    }
    let mut buffer = text.to_vec();
    let decryptor = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    if let Ok(plain) = decryptor.decrypt_padded_mut::<Pkcs7>(&mut buffer) {
        return Some(plain.to_vec());
    }
    let mut buffer = text.to_vec();
    let decryptor = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    let plain = decryptor
        .decrypt_padded_mut::<NoPadding>(&mut buffer)
        .ok()?;
    let last = plain.last()?;
    if !matches!(last, 0 | b' ') {
        return None;
    }
    let kept = plain.len() - plain.iter().rev().take_while(|b| *b == last).count();
    Some(plain[..kept].to_vec())
}

fn cbc_decrypt_probe(key: &AnyKey, iv: &[u8], text: &[u8]) -> Option<Vec<u8>> {
    fn run<C>(key: &[u8], iv: &[u8], text: &[u8]) -> Option<Vec<u8>>
    where
        C: BlockCipher + BlockSizeUser<BlockSize = U16> + BlockDecryptMut + BlockEncrypt + KeyInit,
        cbc::Decryptor<C>: KeyIvInit + BlockDecryptMut,
    {
        if !text.len().is_multiple_of(16) || text.is_empty() {
            return None;
        }
        // The first blocks alone (CBC decrypts each block from the one before it).
        let head = &text[..text.len().min(PROBE_BYTES)];
        let mut probe = head.to_vec();
        let decryptor = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
        decryptor.decrypt_padded_mut::<NoPadding>(&mut probe).ok()?;
        if !starts_readable(&probe) {
            return None;
        }
        cbc_decrypt::<C>(key, iv, text)
    }
    match key {
        AnyKey::A128(k) => run::<Aes128>(k, iv, text),
        AnyKey::A192(k) => run::<Aes192>(k, iv, text),
        AnyKey::A256(k) => run::<Aes256>(k, iv, text),
    }
}

/// CTR with a 128-bit big-endian counter (Node's `aes-*-ctr`; pycryptodome's nonce + counter from 0).
fn ctr_decrypt_probe(key: &AnyKey, counter: &[u8; 16], text: &[u8]) -> Option<Vec<u8>> {
    fn run<C>(key: &[u8], counter: &[u8; 16], text: &[u8]) -> Option<Vec<u8>>
    where
        C: BlockCipher + BlockSizeUser<BlockSize = U16> + BlockEncrypt + KeyInit,
        ctr::Ctr128BE<C>: KeyIvInit + StreamCipher,
    {
        let mut head = text[..text.len().min(PROBE_BYTES)].to_vec();
        let mut cipher = ctr::Ctr128BE::<C>::new_from_slices(key, counter).ok()?;
        cipher.try_apply_keystream(&mut head).ok()?;
        if !starts_readable(&head) || text.len() > MAX_DECODED_BYTES {
            return None;
        }
        let mut plain = text.to_vec();
        let mut cipher = ctr::Ctr128BE::<C>::new_from_slices(key, counter).ok()?;
        cipher.try_apply_keystream(&mut plain).ok()?;
        Some(plain)
    }
    match key {
        AnyKey::A128(k) => run::<Aes128>(k, counter, text),
        AnyKey::A192(k) => run::<Aes192>(k, counter, text),
        AnyKey::A256(k) => run::<Aes256>(k, counter, text),
    }
}

/// GCM with a 12-byte nonce: verified when the tag trails the ciphertext; otherwise (the tag kept
/// apart) the CTR stream GCM encrypts with (counter = nonce ‖ 2), judged by whether it reads as text.
fn gcm_decrypt(key: &[u8], nonce: &[u8], text: &[u8]) -> Option<Vec<u8>> {
    use aes_gcm::aead::Aead;
    use aes_gcm::{Aes128Gcm, Aes256Gcm, Nonce};
    let nonce_array = Nonce::from_slice(nonce);
    let verified = match key.len() {
        16 => Aes128Gcm::new_from_slice(key)
            .ok()
            .and_then(|c| c.decrypt(nonce_array, text).ok()),
        32 => Aes256Gcm::new_from_slice(key)
            .ok()
            .and_then(|c| c.decrypt(nonce_array, text).ok()),
        _ => None,
    };
    if verified.is_some() {
        return verified;
    }
    let mut counter = [0u8; 16];
    counter[..12].copy_from_slice(nonce);
    counter[15] = 2;
    by_key_size(key, |k| ctr_decrypt_probe(k, &counter, text))
}

// ---- XOR with a repeated literal key ----------------------------------------------------------------

/// Data literals XOR-ed with a short key literal (or a one-byte key after `^`) of the same segment.
fn xor_payloads<'l>(
    body: &str,
    literals: &'l [Literal],
    budget: &mut Budget,
) -> Vec<(&'l Literal, Vec<u8>)> {
    let mut keys: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.raw.clone())
        .filter(|k| (1..=64).contains(&k.len()))
        .take(MAX_KEYS)
        .collect();
    for byte in one_byte_keys(body) {
        if keys.len() < MAX_KEYS * 2 {
            keys.push(vec![byte]);
        }
    }
    let mut out = Vec::new();
    let data = literals
        .iter()
        .filter(|l| l.source.len() >= 16)
        .filter_map(|l| {
            // Readable text as written is not XOR-ed data.
            let data = l.data().filter(|d| {
                d.len() >= 12 && std::str::from_utf8(d).map_or(true, |t| !is_readable_text(t))
            })?;
            Some((l, data))
        })
        .take(MAX_CIPHERTEXTS);
    for (literal, data) in data {
        for key in &keys {
            if !budget.attempt() {
                return out;
            }
            let probe: Vec<u8> = data
                .iter()
                .take(PROBE_BYTES)
                .enumerate()
                .map(|(i, b)| b ^ key[i % key.len()])
                .collect();
            if !starts_readable(&probe) || data.len() > MAX_DECODED_BYTES {
                continue;
            }
            let plain = data
                .iter()
                .enumerate()
                .map(|(i, b)| b ^ key[i % key.len()])
                .collect();
            out.push((literal, plain));
            break;
        }
    }
    out
}

/// Integer literals right after a `^` (`b ^ 0x5A`, `c ^ 42`): one-byte XOR keys.
fn one_byte_keys(body: &str) -> Vec<u8> {
    let mut keys = Vec::new();
    for (at, _) in body.match_indices('^').take(1024) {
        let rest = body[at + 1..].trim_start();
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let value = match digits
            .strip_prefix("0x")
            .or_else(|| digits.strip_prefix("0X"))
        {
            Some(hex) => u8::from_str_radix(hex, 16).ok(),
            None => digits.parse::<u8>().ok(),
        };
        if let Some(value) = value.filter(|v| *v != 0) {
            if !keys.contains(&value) {
                keys.push(value);
            }
        }
        if keys.len() >= MAX_KEYS {
            break;
        }
    }
    keys
}

#[cfg(test)]
#[path = "ciphers_tests.rs"]
mod tests;
