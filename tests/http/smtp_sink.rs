//! A small SMTP server on loopback that keeps every message it accepts.
//! It speaks enough of RFC 5321 for a real client (lettre) to deliver.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

pub struct SmtpSink {
    pub port: u16,
    stop: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
    thread: Option<JoinHandle<()>>,
}

impl SmtpSink {
    /// Starts on `port` (0: any free port).
    pub fn start(port: u16, received: Arc<Mutex<Vec<Vec<u8>>>>) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (stop2, open2, received2) = (stop.clone(), open.clone(), received.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                if let Ok(clone) = stream.try_clone() {
                    open2.lock().unwrap().push(clone);
                }
                let received = received2.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &received);
                });
            }
        });
        SmtpSink {
            port,
            stop,
            open,
            thread: Some(thread),
        }
    }

    /// Stops accepting and drops every open connection.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        for s in self.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

fn serve(stream: TcpStream, received: &Mutex<Vec<Vec<u8>>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    out.write_all(b"220 sink.test ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let verb = line.trim_end().to_ascii_uppercase();
        if verb.starts_with("EHLO") {
            out.write_all(b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")?;
        } else if verb.starts_with("HELO")
            || verb.starts_with("MAIL")
            || verb.starts_with("RCPT")
            || verb.starts_with("RSET")
            || verb.starts_with("NOOP")
        {
            out.write_all(b"250 OK\r\n")?;
        } else if verb == "DATA" {
            out.write_all(b"354 go ahead\r\n")?;
            let mut message = Vec::new();
            loop {
                let mut data = Vec::new();
                if reader.read_until(b'\n', &mut data)? == 0 {
                    return Ok(());
                }
                if data == b".\r\n" || data == b".\n" {
                    break;
                }
                // Dot-unstuffing (RFC 5321 §4.5.2).
                if data.starts_with(b"..") {
                    data.remove(0);
                }
                message.extend_from_slice(&data);
            }
            received.lock().unwrap().push(message);
            out.write_all(b"250 queued\r\n")?;
        } else if verb == "QUIT" {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"502 not implemented\r\n")?;
        }
    }
}
