//! The allocators a scenario, the lab or the CLI can pick by name, built from the settings
//! they share.

use std::fmt;
use std::str::FromStr;

use crate::allocator::Allocator;
use crate::buddy::{self, BuddySystem};
use crate::explicit::{self, ExplicitList, Insertion};
use crate::implicit::{self, Fit, ImplicitList};
use crate::small_object::{self, SmallObjectAllocator};
use crate::thread_cache::{self, ThreadCache};
use crate::{SettingsError, align_up, check_alignment};

/// Which algorithm serves malloc and free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllocatorChoice {
    /// Implicit free list with boundary tags, first fit.
    FirstFit,
    /// Implicit free list, next fit.
    NextFit,
    /// Implicit free list, best fit.
    BestFit,
    /// Explicit free list, freed blocks pushed at the front.
    ExplicitLifo,
    /// Explicit free list kept in address order.
    ExplicitAddr,
    /// Segregated free lists by size class.
    Segregated,
    /// Binary buddy system.
    Buddy,
    /// Loki-style pools of fixed-size chunks for small requests, over segregated lists.
    SmallObject,
}

impl AllocatorChoice {
    pub const ALL: &'static [AllocatorChoice] = &[
        AllocatorChoice::FirstFit,
        AllocatorChoice::NextFit,
        AllocatorChoice::BestFit,
        AllocatorChoice::ExplicitLifo,
        AllocatorChoice::ExplicitAddr,
        AllocatorChoice::Segregated,
        AllocatorChoice::Buddy,
        AllocatorChoice::SmallObject,
    ];

    /// The name on the command line and in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            AllocatorChoice::FirstFit => "first-fit",
            AllocatorChoice::NextFit => "next-fit",
            AllocatorChoice::BestFit => "best-fit",
            AllocatorChoice::ExplicitLifo => "explicit-lifo",
            AllocatorChoice::ExplicitAddr => "explicit-addr",
            AllocatorChoice::Segregated => "segregated",
            AllocatorChoice::Buddy => "buddy",
            AllocatorChoice::SmallObject => "small-object",
        }
    }

    /// One line for a learner choosing.
    pub fn describe(self) -> &'static str {
        match self {
            AllocatorChoice::FirstFit => {
                "implicit free list with boundary tags: the first free block that fits"
            }
            AllocatorChoice::NextFit => {
                "implicit free list: the next fit, searching on from the last placement"
            }
            AllocatorChoice::BestFit => {
                "implicit free list: the smallest free block that fits (the whole heap is searched)"
            }
            AllocatorChoice::ExplicitLifo => {
                "explicit free list: only free blocks are searched; a freed block goes first"
            }
            AllocatorChoice::ExplicitAddr => {
                "explicit free list kept in address order: first fit then behaves like best fit"
            }
            AllocatorChoice::Segregated => {
                "segregated free lists: one list per size class, searched from the request's class up"
            }
            AllocatorChoice::Buddy => {
                "binary buddy system: power-of-two blocks, split in halves and merged with their buddy"
            }
            AllocatorChoice::SmallObject => {
                "small-object pools: fixed-size chunks carved from pages, larger requests to segregated lists"
            }
        }
    }
}

impl fmt::Display for AllocatorChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown allocator name, with the names there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAllocator(pub String);

impl fmt::Display for UnknownAllocator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = AllocatorChoice::ALL.iter().map(|c| c.name()).collect();
        write!(
            f,
            "unknown allocator `{}` (choose one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownAllocator {}

impl FromStr for AllocatorChoice {
    type Err = UnknownAllocator;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        AllocatorChoice::ALL
            .iter()
            .copied()
            .find(|c| c.name() == text)
            .ok_or_else(|| UnknownAllocator(text.to_string()))
    }
}

/// The settings every allocator shares; each algorithm's own settings keep their defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeapSettings {
    /// Payload alignment: 4, 8 or 16.
    pub alignment: u32,
    /// Bytes taken from sbrk at the first allocation.
    pub initial_size: u32,
    /// The heap grows by multiples of this (a page by default). The buddy system grows by
    /// whole segments of this size, so it must be a power of two there.
    pub growth_step: u32,
    /// Put glibc-like per-thread caches in front of the allocator.
    pub thread_cache: bool,
}

impl Default for HeapSettings {
    fn default() -> HeapSettings {
        HeapSettings {
            alignment: 8,
            initial_size: 4096,
            growth_step: 4096,
            thread_cache: false,
        }
    }
}

impl HeapSettings {
    fn validate(&self) -> Result<(), SettingsError> {
        check_alignment(self.alignment)?;
        for (setting, value) in [
            ("initial heap size", self.initial_size),
            ("growth step", self.growth_step),
        ] {
            if value == 0 || align_up(value, self.alignment) != Some(value) {
                return Err(SettingsError {
                    setting,
                    message: format!(
                        "must be a positive multiple of the alignment ({}), not {value}",
                        self.alignment
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Builds the chosen allocator, or names the setting it cannot work with.
pub fn build(
    choice: AllocatorChoice,
    settings: &HeapSettings,
) -> Result<Box<dyn Allocator>, SettingsError> {
    settings.validate()?;
    let allocator = build_bare(choice, settings)?;
    if !settings.thread_cache {
        return Ok(allocator);
    }
    Ok(Box::new(ThreadCache::new(
        thread_cache::Settings::default(),
        allocator,
    )?))
}

fn build_bare(
    choice: AllocatorChoice,
    settings: &HeapSettings,
) -> Result<Box<dyn Allocator>, SettingsError> {
    let implicit = |fit| implicit::Settings {
        alignment: settings.alignment,
        fit,
        initial_size: settings.initial_size,
        growth_step: settings.growth_step,
        ..implicit::Settings::default()
    };
    let explicit = |base: explicit::Settings| explicit::Settings {
        alignment: settings.alignment,
        initial_size: settings.initial_size,
        growth_step: settings.growth_step,
        ..base
    };
    Ok(match choice {
        AllocatorChoice::FirstFit => Box::new(ImplicitList::new(implicit(Fit::First))?),
        AllocatorChoice::NextFit => Box::new(ImplicitList::new(implicit(Fit::Next))?),
        AllocatorChoice::BestFit => Box::new(ImplicitList::new(implicit(Fit::Best))?),
        AllocatorChoice::ExplicitLifo => Box::new(ExplicitList::new(explicit(
            explicit::Settings::explicit(Insertion::Lifo),
        ))?),
        AllocatorChoice::ExplicitAddr => Box::new(ExplicitList::new(explicit(
            explicit::Settings::explicit(Insertion::AddressOrdered),
        ))?),
        AllocatorChoice::Segregated => Box::new(ExplicitList::new(explicit(
            explicit::Settings::segregated(),
        ))?),
        AllocatorChoice::Buddy => Box::new(BuddySystem::new(buddy_settings(settings)?)?),
        AllocatorChoice::SmallObject => {
            let fallback = ExplicitList::new(explicit(explicit::Settings::segregated()))?;
            let defaults = small_object::Settings::default();
            let pools = small_object::Settings {
                alignment: settings.alignment,
                chunk_step: defaults.chunk_step.max(settings.alignment),
                ..defaults
            };
            Box::new(SmallObjectAllocator::new(pools, Box::new(fallback))?)
        }
    })
}

/// The buddy system's segments are the growth step; the initial heap is whole segments.
fn buddy_settings(settings: &HeapSettings) -> Result<buddy::Settings, SettingsError> {
    let segment = settings.growth_step;
    if !segment.is_power_of_two() {
        return Err(SettingsError {
            setting: "growth step",
            message: format!(
                "the buddy system grows by whole segments, a power of two such as 4096, not {segment}"
            ),
        });
    }
    Ok(buddy::Settings {
        segment_size: segment,
        initial_segments: settings.initial_size.div_ceil(segment).max(1),
        ..buddy::Settings::for_alignment(settings.alignment)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_choices() {
        for &choice in AllocatorChoice::ALL {
            assert_eq!(choice.name().parse::<AllocatorChoice>(), Ok(choice));
        }
        let error = "worst".parse::<AllocatorChoice>().unwrap_err().to_string();
        assert!(
            error.contains("`worst`") && error.contains("first-fit"),
            "{error}"
        );
    }

    #[test]
    fn shared_settings_are_checked_by_name() {
        let bad = |settings: HeapSettings| {
            build(AllocatorChoice::FirstFit, &settings)
                .unwrap_err()
                .setting
        };
        let alignment = HeapSettings {
            alignment: 2,
            ..HeapSettings::default()
        };
        assert_eq!(bad(alignment), "alignment");
        let growth = HeapSettings {
            growth_step: 100,
            ..HeapSettings::default()
        };
        assert_eq!(bad(growth), "growth step");
    }
}
