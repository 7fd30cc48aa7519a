"""Bulk import bookkeeping: files and card crops already imported, per user, by SHA-256.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('imported_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=1024), nullable=True),
    sa.Column('cards', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_imported_files_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_files')),
    sa.UniqueConstraint('owner_id', 'sha256', name='uq_imported_files_owner_sha256')
    )
    op.create_table('imported_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('position', sa.String(length=20), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_imported_cards_contact_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_id'], ['drafts.id'], name=op.f('fk_imported_cards_draft_id_drafts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_imported_cards_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_cards')),
    sa.UniqueConstraint('owner_id', 'sha256', name='uq_imported_cards_owner_sha256')
    )
    with op.batch_alter_table('imported_cards', schema=None) as batch_op:
        batch_op.create_index('ix_imported_cards_owner_file', ['owner_id', 'file_sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('imported_cards', schema=None) as batch_op:
        batch_op.drop_index('ix_imported_cards_owner_file')
    op.drop_table('imported_cards')
    op.drop_table('imported_files')
