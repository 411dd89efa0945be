"""The assertion every rule test makes: the check raises `InputError` naming exactly this setting."""

from typing import Any

import pytest

from components.validation import InputError


def rejects(setting: str, check: Any, *args: Any) -> str:
    with pytest.raises(InputError) as caught:
        check(*args)
    assert caught.value.setting == setting
    assert str(caught.value).startswith(f"{setting}: ")
    return caught.value.message
