fn main() {
    memplay_web::start();
}
