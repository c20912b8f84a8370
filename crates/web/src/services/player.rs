//! Play: while playing, a timer asks for one step forward every 1/speed seconds. The
//! reducer stops playing at the end of the run or at a breakpoint.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

#[hook]
pub fn use_player(playing: bool, speed: u32, on_tick: Callback<()>) {
    let latest = use_mut_ref(|| on_tick.clone());
    *latest.borrow_mut() = on_tick;
    use_effect_with((playing, speed), move |&(playing, speed)| {
        let latest: Rc<RefCell<Callback<()>>> = latest;
        let interval = playing.then(|| {
            let period = 1000 / speed.max(1);
            Interval::new(period, move || latest.borrow().emit(()))
        });
        move || drop(interval)
    });
}
