"""Synthetic people: Chinese-looking names from small lists and clearly fake ID numbers.

Nothing here is a real person; national ids start with ``DEMO`` so no one mistakes them
for a resident identity number (GB 11643 has 18 digits and no letters).
"""

from __future__ import annotations

import random
from datetime import date

SURNAMES = [("林", "Lin"), ("陈", "Chen"), ("黄", "Huang"), ("王", "Wang"), ("李", "Li"),
            ("张", "Zhang"), ("刘", "Liu"), ("吴", "Wu"), ("郑", "Zheng"), ("谢", "Xie"),
            ("周", "Zhou"), ("苏", "Su"), ("杨", "Yang"), ("许", "Xu"), ("何", "He")]
GIVEN = [("晓雨", "Xiaoyu"), ("建华", "Jianhua"), ("志强", "Zhiqiang"), ("丽娟", "Lijuan"),
         ("子涵", "Zihan"), ("俊杰", "Junjie"), ("欣怡", "Xinyi"), ("明辉", "Minghui"),
         ("雅婷", "Yating"), ("浩然", "Haoran"), ("思远", "Siyuan"), ("海燕", "Haiyan"),
         ("文博", "Wenbo"), ("佳琪", "Jiaqi"), ("国平", "Guoping"), ("春梅", "Chunmei"),
         ("宇航", "Yuhang"), ("梓萱", "Zixuan"), ("伟", "Wei"), ("静", "Jing")]


def person_name(rng: random.Random) -> str:
    """A hanzi name, or (one in four) its pinyin as an import from a roster would spell it."""
    (sh, sp), (gh, gp) = rng.choice(SURNAMES), rng.choice(GIVEN)
    return f"{sp} {gp}" if rng.random() < 0.25 else sh + gh


def fake_national_id(birth: date, serial: int) -> str:
    """Shaped like an ID (birth date inside) but marked DEMO: never a valid number."""
    return f"DEMO-{birth:%Y%m%d}-{serial:05d}"


def fake_phone(rng: random.Random) -> str:
    return f"+86 100 {rng.randrange(10_000):04d} {rng.randrange(10_000):04d}"


def birth_date(rng: random.Random, year: int) -> date:
    return date(year, rng.randint(1, 12), rng.randint(1, 28))
