//! The allocators a scenario, the lab or the CLI can pick by name, built from the settings
//! they share.

use std::fmt;
use std::str::FromStr;

use crate::allocator::Allocator;
use crate::implicit::{self, Fit, ImplicitList};
use crate::{SettingsError, align_up};

/// Which algorithm serves malloc and free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllocatorChoice {
    /// Implicit free list with boundary tags, first fit.
    FirstFit,
    /// Implicit free list, next fit.
    NextFit,
    /// Implicit free list, best fit.
    BestFit,
}

impl AllocatorChoice {
    pub const ALL: &'static [AllocatorChoice] = &[
        AllocatorChoice::FirstFit,
        AllocatorChoice::NextFit,
        AllocatorChoice::BestFit,
    ];

    /// The name on the command line and in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            AllocatorChoice::FirstFit => "first-fit",
            AllocatorChoice::NextFit => "next-fit",
            AllocatorChoice::BestFit => "best-fit",
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
    /// The heap grows by multiples of this (a page by default).
    pub growth_step: u32,
}

impl Default for HeapSettings {
    fn default() -> HeapSettings {
        HeapSettings {
            alignment: 8,
            initial_size: 4096,
            growth_step: 4096,
        }
    }
}

impl HeapSettings {
    fn validate(&self) -> Result<(), SettingsError> {
        if ![4, 8, 16].contains(&self.alignment) {
            return Err(SettingsError {
                setting: "alignment",
                message: format!("must be 4, 8 or 16, not {}", self.alignment),
            });
        }
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
    let implicit = |fit| implicit::Settings {
        alignment: settings.alignment,
        fit,
        initial_size: settings.initial_size,
        growth_step: settings.growth_step,
        ..implicit::Settings::default()
    };
    Ok(match choice {
        AllocatorChoice::FirstFit => Box::new(ImplicitList::new(implicit(Fit::First))?),
        AllocatorChoice::NextFit => Box::new(ImplicitList::new(implicit(Fit::Next))?),
        AllocatorChoice::BestFit => Box::new(ImplicitList::new(implicit(Fit::Best))?),
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
