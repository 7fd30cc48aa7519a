"""At the event: the back of a card, a note written before upload, and upload keys for the offline queue.

drafts.back_jpeg / contacts.back_jpeg keep the card's back side next to its front (image_jpeg);
drafts.note holds a note typed on the phone before the photo was uploaded (the review page starts with it);
scan_keys remembers each client-chosen upload key once per user, so a retried upload from the phone's
queue returns the drafts it made the first time instead of new ones.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('back_jpeg', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('back_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('back_jpeg', sa.LargeBinary(), nullable=True))
    op.create_table('scan_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('draft_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_scan_keys_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan_keys')),
    sa.UniqueConstraint('owner_id', 'key', name='uq_scan_keys_owner_key')
    )


def downgrade() -> None:
    op.drop_table('scan_keys')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('back_jpeg')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('back_sha256')
        batch_op.drop_column('back_jpeg')
